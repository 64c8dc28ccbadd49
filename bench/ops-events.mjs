// Run log append: lines written with appendRunEvents (one statement per batch, as a running step's
// EventLog writes them) into one run, on the local Postgres and on an embedded PGlite, with lines per
// second by wall clock and the process's CPU time. Alternates the two stores' runs so that load from
// other processes falls on both alike.
//   node bench/ops-events.mjs [--lines 200000] [--batch 500] [--runs 3]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgres, loadStore } from './store-module.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('lines', 200_000);
const BATCH = arg('batch', 500);
const RUNS = arg('runs', 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const { openStore, createRun, appendRunEvents, appendRecord } = await loadStore();

const line = (i) => ({
  level: i % 10 ? 'info' : 'warn',
  source: i % 10 ? 'stdout' : 'stderr',
  phase: 'Build',
  message: `  src/app/ops/execute.ts(${i},7): compiled module ${i} of ${LINES} in 12 ms`,
});

async function once(store) {
  const x = { db: store.db, appendRecord };
  const run = await createRun(x, {
    env: 'dev',
    kind: 'bench',
    template: { slug: 'bench', title: 'Bench', description: '', source: 'bench', yaml: 'slug: bench\n' },
    intent: null,
    input: {},
    plan: { phases: [], checks: [] },
    risk: 'low',
    requestedBy: 'bench',
    approvalDeadline: null,
    quorum: 1,
    gates: [],
    events: [],
  });
  // Every line differs, as a real log's do: the store redacts each line it is given before writing
  // it, and a line seen before would cost less than a new one.
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let n = 0; n < LINES; n += BATCH)
    await appendRunEvents(
      store.db,
      run.id,
      Array.from({ length: BATCH }, (_, i) => line(n + i)),
    );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const pgdb = await freshPostgres('pt_ops_bench');
const dir = mkdtempSync(join(tmpdir(), 'pt-ops-bench-'));
const pg = await openStore({ url: pgdb.url });
const lite = await openStore({ dataDir: dir });
const results = { postgres: [], pglite: [] };
try {
  for (let r = 0; r < RUNS; r++) {
    results.postgres.push(await once(pg));
    results.pglite.push(await once(lite));
  }
} finally {
  await pg.close();
  await lite.close();
  await pgdb.drop();
  rmSync(dir, { recursive: true, force: true });
}
const load = (await import('node:os')).loadavg()[0].toFixed(2);
console.log(
  `run event append, ${LINES} lines per run in batches of ${BATCH}, ${RUNS} runs alternated, load ${load}`,
);
for (const [name, rs] of Object.entries(results)) {
  const ms = median(rs.map((r) => r.ms));
  const cpu = median(rs.map((r) => r.cpuMs));
  console.log(
    `  ${name.padEnd(8)} median ${(ms / 1000).toFixed(2)} s wall (${Math.round((LINES / ms) * 1000).toLocaleString('en')} lines/s), ` +
      `${(cpu / 1000).toFixed(2)} s CPU in this process; runs: ${rs.map((r) => Math.round((LINES / r.ms) * 1000)).join(', ')} lines/s`,
  );
}
if (process.env.BENCH_LOG)
  appendFileSync(process.env.BENCH_LOG, `${JSON.stringify({ LINES, BATCH, results })}\n`);
