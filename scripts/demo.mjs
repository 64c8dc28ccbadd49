// The main job on embedded defaults: seed 000's Parts 1 and 2 in a fresh workspace, no network,
// no GitHub, no AI. Usage: node scripts/demo.mjs [DIR] (default: ./demo-workspace, recreated).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = resolve(root, 'bin/papertrail.js');
const dir = resolve(process.argv[2] ?? 'demo-workspace');
const examples = resolve(root, 'examples/seed-000');

if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

function step(title, args) {
  process.stdout.write(`\n$ papertrail ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, CI: '1' },
  });
  if (r.status !== 0) {
    process.stderr.write(`demo: "${title}" failed with exit code ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
}

step('workspace', ['init', '--author', '@platform-team']);
step('proposal', ['propose', '--from', `${examples}/prop-0001.yaml`]);
step('review', ['status', 'PROP-0001', 'review']);
step('approval', ['status', 'PROP-0001', 'approved']);
step('spec', ['spec', '--from', `${examples}/spec-0001.json`]);
step('list', ['list']);
step('validate', ['validate', '--strict']);
step('graph', ['graph', '--level', 'requirements']);
step('trace', ['trace', 'SPEC-0001/REQ-001']);
process.stdout.write(`\nDone. The documents are in ${dir}/docs.\n`);
