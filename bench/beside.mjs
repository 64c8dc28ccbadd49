// Reading commands beside `papertrail serve` against `node -e 0`: the demo's implementing repository
// on the embedded store, serve running there, each command timed as a whole process (wall and CPU),
// alternating with `node -e 0`, medians. The target is at most 3x `node -e 0`.
// Usage: npm run build && node bench/beside.mjs [--runs 7] [--no-serve]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from './serve-process.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = arg('runs', 7);
const SERVE = !process.argv.includes('--no-serve');
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'papertrail.js');

const dir = mkdtempSync(join(tmpdir(), 'pt-beside-'));
const demo = spawnSync(process.execPath, [join(root, 'scripts', 'demo.mjs'), dir], { stdio: 'ignore' });
if (demo.status !== 0) throw new Error(`demo failed (${demo.status})`);
const repo = join(dir, 'runner-infra');

if (SERVE) await startServe(repo);

/** Wall and CPU milliseconds of one whole process (CPU from /usr/bin/time's user + system). */
function timeOne(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', ...argv], { cwd: repo, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [u, s] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: (u + s) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const commands = {
  'node -e 0': [process.execPath, '-e', '0'],
  next: [process.execPath, bin, 'next'],
  'trace SPEC-0001/REQ-001': [process.execPath, bin, 'trace', 'SPEC-0001/REQ-001'],
  'work list': [process.execPath, bin, 'work', 'list'],
  'token list': [process.execPath, bin, 'token', 'list'],
};
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, { wall: [], cpu: [] }]));
for (const argv of Object.values(commands)) timeOne(argv); // warm the file cache once
for (let i = 0; i < RUNS; i++) {
  for (const [name, argv] of Object.entries(commands)) {
    const t = timeOne(argv);
    samples[name].wall.push(t.wall);
    samples[name].cpu.push(t.cpu);
  }
}
const base = median(samples['node -e 0'].wall);
console.log(`${SERVE ? 'beside serve' : 'no serve'}, ${RUNS} runs, medians`);
console.log('command'.padEnd(26), 'wall ms'.padStart(8), 'cpu ms'.padStart(8), 'x node -e 0'.padStart(12));
for (const [name, s] of Object.entries(samples)) {
  const w = median(s.wall);
  console.log(
    name.padEnd(26),
    w.toFixed(0).padStart(8),
    median(s.cpu).toFixed(0).padStart(8),
    (w / base).toFixed(2).padStart(12),
  );
}
process.exit(0);
