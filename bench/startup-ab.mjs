#!/usr/bin/env node
// Start-up of two builds side by side: everyday verbs in a small workspace (the example proposal and
// spec), interleaved runs, medians, as a Markdown table. Used when a change must not slow start-up.
//
//   node bench/startup-ab.mjs --old /path/to/old/checkout [--runs 20]
//
// Both checkouts must be built (`npm run build`); the new one is this checkout.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { old: { type: 'string' }, runs: { type: 'string', default: '20' } },
});
if (!values.old) {
  process.stderr.write('usage: node bench/startup-ab.mjs --old CHECKOUT [--runs 20]\n');
  process.exit(2);
}
const env = { ...process.env, NO_COLOR: '1', PAPERTRAIL_TODAY: '2026-01-01' };
delete env.NODE_OPTIONS;
const run = (checkout, args, cwd) =>
  spawnSync(process.execPath, [join(checkout, 'bin', 'papertrail.js'), ...args], {
    cwd,
    env,
    stdio: 'ignore',
  });

const ws = mkdtempSync(join(os.tmpdir(), 'pt-startup-'));
const examples = join(ROOT, 'examples', 'seed-000');
for (const args of [
  ['init'],
  ['propose', '--from', join(examples, 'prop-0001.yaml')],
  ['status', 'PROP-0001', 'approved'],
  ['spec', '--from', join(examples, 'spec-0001.json')],
]) {
  if (run(ROOT, args, ws).status !== 0) throw new Error(`papertrail ${args.join(' ')} failed`);
}

const time = (checkout, args) => {
  const start = process.hrtime.bigint();
  run(checkout, args, ws);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const verbs = [['--version'], ['--help'], ['validate'], ['list'], ['show', 'SPEC-0001']];
const rows = verbs.map((args) => ({ args, old: [], now: [] }));
for (const r of rows) {
  time(values.old, r.args);
  time(ROOT, r.args);
}
for (let k = 0; k < Number(values.runs); k++)
  for (const r of rows) {
    r.old.push(time(values.old, r.args));
    r.now.push(time(ROOT, r.args));
  }
const out = [
  `Load average: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  '',
  '| command | old build | this build |',
  '|---|---|---|',
  ...rows.map(
    (r) =>
      `| papertrail ${r.args.join(' ')} | ${median(r.old).toFixed(0)} ms | ${median(r.now).toFixed(0)} ms |`,
  ),
];
process.stdout.write(`${out.join('\n')}\n`);
rmSync(ws, { recursive: true, force: true });
