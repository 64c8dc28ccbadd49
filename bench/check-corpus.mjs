#!/usr/bin/env node
// Proves the generator's promise: every corpus validates with zero issues under
// `openspec validate --strict` (active items and archived changes), and, with --archive,
// every active change archives cleanly one after the other and leaves a clean tree.
// Run it after editing bench/gen-openspec-corpus.mjs.
//
//   node bench/check-corpus.mjs [--sizes 100,1000] [--seed 1] [--archive]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './gen-openspec-corpus.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPENSPEC = realpathSync(join(ROOT, 'node_modules', '.bin', 'openspec'));

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000' },
    seed: { type: 'string', default: '1' },
    archive: { type: 'boolean', default: false },
  },
});

function openspec(cwd, env, args) {
  const r = spawnSync(process.execPath, [OPENSPEC, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Returns a list of problems; empty means clean.
function validateStrict(cwd, env, scope) {
  const r = openspec(cwd, env, ['validate', scope, '--json', '--no-interactive', '--strict']);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    return [`${scope}: exit ${r.status}, no JSON: ${r.stderr.slice(0, 300)}`];
  }
  const problems = json.items.flatMap((item) =>
    item.issues.map((i) => `${scope} ${item.id}: ${i.level} ${i.path ?? ''} ${i.message.slice(0, 200)}`),
  );
  if (r.status !== 0 && problems.length === 0) problems.push(`${scope}: exit ${r.status}`);
  return problems;
}

function archiveAll(cwd, env) {
  const problems = [];
  const changes = readdirSync(join(cwd, 'openspec', 'changes')).filter((name) => name !== 'archive');
  for (const change of changes) {
    const r = openspec(cwd, env, ['archive', change, '--yes', '--json']);
    if (r.status !== 0)
      problems.push(`archive ${change}: exit ${r.status}: ${(r.stdout + r.stderr).slice(0, 300)}`);
  }
  return problems;
}

let failed = false;
const home = mkdtempSync(join(os.tmpdir(), 'papertrail-check-home-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  OPENSPEC_TELEMETRY: '0',
  DO_NOT_TRACK: '1',
  OPENSPEC_NO_UPDATE_CHECK: '1',
  NO_COLOR: '1',
  CI: '1',
};
try {
  for (const n of values.sizes.split(',').map(Number)) {
    const dir = mkdtempSync(join(os.tmpdir(), `papertrail-check-n${n}-`));
    try {
      generateCorpus({
        out: dir,
        specs: n,
        changes: Math.floor(n / 10),
        archived: Math.floor(n / 10),
        reqs: 5,
        scenarios: 2,
        seed: Number(values.seed),
      });
      const problems = [...validateStrict(dir, env, '--all'), ...validateStrict(dir, env, '--archived')];
      if (values.archive && problems.length === 0)
        problems.push(...archiveAll(dir, env), ...validateStrict(dir, env, '--all'));
      failed ||= problems.length > 0;
      process.stdout.write(`N=${n}: ${problems.length === 0 ? 'clean' : `${problems.length} problem(s)`}\n`);
      for (const p of problems.slice(0, 20)) process.stdout.write(`  ${p}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
