// The chaos run at full size: 10,000 one-step items, 16 executor processes on the local Postgres, at
// least 50 of them killed with SIGKILL at random and replaced, leases expired and steps queued again;
// then every item completed exactly once, no double claim, nothing lost, the audit chain verified.
// It is test/ports/store/execution-chaos.test.ts (which CI runs scaled down) run with these sizes.
// Usage: node bench/chaos.mjs [--items 10000] [--executors 16] [--kills 50]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arg } from './execution-module.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = {
  ...process.env,
  PT_CHAOS_ITEMS: arg('--items', '10000'),
  PT_CHAOS_EXECUTORS: arg('--executors', '16'),
  PT_CHAOS_KILLS: arg('--kills', '50'),
  // A missing Postgres fails the run instead of skipping it.
  PAPERTRAIL_REQUIRE_POSTGRES: '1',
};
const t0 = Date.now();
const r = spawnSync('npx', ['vitest', 'run', 'test/ports/store/execution-chaos.test.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
console.log(`chaos: ${((Date.now() - t0) / 1000).toFixed(0)} s in all, exit ${r.status}`);
process.exit(r.status ?? 1);
