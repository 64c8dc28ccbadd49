// Claims on the git ledger at CI scale: the built CLI (bin/papertrail.js over dist/) as separate
// processes, each in a clone of its own, racing through real pushes to a local bare repository that
// stands for GitHub. The example's plan (examples/seed-000: #2 and #3 ready) under a workflow of
// parallel steps, so that `--attempts` attempts are ready at once (an even number: half on each
// item). Two races per run:
// - named: `--claimers` processes, each `work claim --attempt X` on one of the attempts (as matrix jobs
//   fanned out from `work schedule --json` do); every attempt must be claimed once, the rest refused;
// - next: as many processes as attempts, each `work claim` of whatever is next in launch order.
// Reported: wall time until the last claimer exits, claims per minute (attempts claimed / wall), and
// git objects the remote gained per claim (`git count-objects -v`: loose count + in-pack, before and
// after). Each race runs on a fresh schedule (a fresh bare repository).
// Needs `npm run build`. Usage: node bench/ledger-claims.mjs [--claimers 50] [--attempts 10] [--runs 3]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg } from './execution-module.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'papertrail.js');
const EXAMPLES = join(ROOT, 'examples/seed-000');
const CLAIMERS = Number(arg('--claimers', '50'));
const ATTEMPTS = Number(arg('--attempts', '10'));
const RUNS = Number(arg('--runs', '3'));
if (ATTEMPTS % 2 || ATTEMPTS < 2)
  throw new Error('--attempts must be even: half the steps on each of #2 and #3');
const ENV = { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1' };

function pt(args, cwd) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: ENV });
  if (r.status !== 0) throw new Error(`papertrail ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function ptAsync(args, cwd) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

/** The example (examples/seed-000) bootstrapped and planned on the local forge, as plannedRepo does. */
function plannedRepo() {
  const ws = mkdtempSync(join(tmpdir(), 'pt-bench-ledger-ws-'));
  pt(['init'], ws);
  pt(['propose', '--from', join(EXAMPLES, 'prop-0001.yaml')], ws);
  pt(['status', 'PROP-0001', 'approved'], ws);
  pt(['spec', '--from', join(EXAMPLES, 'spec-0001.json')], ws);
  const repo = join(ws, 'runner-infra');
  pt(['bootstrap', 'SPEC-0001', '--dir', repo], ws);
  pt(['plan'], repo);
  const steps = Array.from({ length: ATTEMPTS / 2 }, (_, i) => `s${i + 1}`);
  writeFileSync(
    join(repo, 'wf.yaml'),
    `id: wf-bench\nname: Bench\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n${steps
      .map((k) => `  - key: ${k}\n    order: 1\n    parallelizable: true\n    responsibleRole: dev\n`)
      .join('')}`,
  );
  appendFileSync(
    join(repo, 'papertrail.yaml'),
    'execution:\n  workflow: wf.yaml\n  ledger:\n    remote: ledger-origin\n',
  );
  return { ws, repo };
}

function objects(remote) {
  const out = execFileSync('git', ['-C', remote, 'count-objects', '-v'], { encoding: 'utf8' });
  const n = (k) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(out)[1]);
  return n('count') + n('in-pack');
}

/** A fresh bare remote with the schedule pushed; returns the ready attempts. */
function freshLedger(repo) {
  const remote = join(mkdtempSync(join(tmpdir(), 'pt-bench-ledger-remote-')), 'github.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  spawnSync('git', ['-C', repo, 'remote', 'remove', 'ledger-origin']);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'ledger-origin', remote]);
  const ready = JSON.parse(pt(['work', 'schedule', '--json'], repo)).ready.map((r) => r.attempt);
  if (ready.length !== ATTEMPTS) throw new Error(`expected ${ATTEMPTS} ready attempts, got ${ready.length}`);
  return { remote, ready };
}

async function race(repo, kind) {
  const { remote, ready } = freshLedger(repo);
  const before = objects(remote);
  const n = kind === 'named' ? CLAIMERS : ATTEMPTS;
  const t0 = performance.now();
  const runs = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      ptAsync(
        [
          'work',
          'claim',
          ...(kind === 'named' ? ['--attempt', ready[i % ATTEMPTS]] : []),
          '--executor',
          `job-${i}`,
          '--json',
        ],
        repo,
      ),
    ),
  );
  const wall = performance.now() - t0;
  const won = runs
    .filter((r) => r.code === 0 && JSON.parse(r.stdout).claimed)
    .map((r) => JSON.parse(r.stdout).claimed.attempt);
  const refused = runs.filter((r) => r.code === 3).length;
  const unique = new Set(won);
  if (won.length !== ATTEMPTS || unique.size !== ATTEMPTS)
    throw new Error(
      `${kind}: ${won.length} claims of ${unique.size} attempts, expected ${ATTEMPTS} once each`,
    );
  const gained = objects(remote) - before;
  rmSync(join(remote, '..'), { recursive: true, force: true });
  return { wall, claims: won.length, refused, perClaim: gained / won.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `ledger claims: ${CLAIMERS} named claimers on ${ATTEMPTS} attempts, ${ATTEMPTS} next-ready claimers; ${RUNS} run(s); ` +
    `node ${process.version}, load average ${loadavg()[0].toFixed(1)}`,
);
const { ws, repo } = plannedRepo();
try {
  for (const kind of ['named', 'next']) {
    const rs = [];
    for (let i = 0; i < RUNS; i++) rs.push(await race(repo, kind));
    const perMin = rs.map((r) => (r.claims / r.wall) * 60_000);
    console.log(
      `  ${kind.padEnd(5)}: median wall ${(median(rs.map((r) => r.wall)) / 1000).toFixed(2)} s, ` +
        `${Math.round(median(perMin))} claims/min (runs ${perMin.map((x) => Math.round(x)).join(', ')}), ` +
        `${median(rs.map((r) => r.perClaim)).toFixed(1)} git objects/claim, ${rs[0].refused} refused`,
    );
  }
  console.log(`  load average after: ${loadavg()[0].toFixed(1)}`);
} finally {
  rmSync(ws, { recursive: true, force: true });
}
