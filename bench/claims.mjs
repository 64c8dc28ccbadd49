// Claim + complete throughput with 8 concurrent executors, side by side with graphile-worker:
// - ours: N queued one-step attempts of N work items; 8 executor loops in this process, each a
//   claimAttempt, then completeAndClaim (the completion and the next claim, one statement, as `work
//   run` does) until nothing is left to claim;
// - graphile-worker (0.17, the line that runs on Node 20): N empty jobs, one runner with
//   concurrency 8 and its default settings (no local queue, no completion batching);
// each on a fresh database of the local Postgres, alternately, in the same run; then ours on the
// embedded store (PGlite), where transactions run one at a time.
// Ours stops the clock when every audit record is chained (the executors' sealers run alongside; what
// they have not chained when the loops end is chained before the clock stops).
// Claim latency is from asking for the next item to holding it: the claimAttempt or completeAndClaim
// call for ours (so a completion is inside it), graphile-worker's worker:getJob:start to job:start.
// Usage: node bench/claims.mjs [--jobs 5000] [--executors 8] [--runs 3] [--pglite-jobs 2000] [--waits] [--profile]
// --waits samples what the server's sessions wait on during each run (lock, WAL flush, client).
// (PT_BENCH_DATABASE_URL names the Postgres server; default postgres://postgres@127.0.0.1:5432/postgres)
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg } from './execution-module.mjs';
import { graphileJobs } from './graphile-module.mjs';
import { executorLoop, freshPostgres, loadStore } from './store-module.mjs';

const N = Number(arg('--jobs', '5000'));
const EXECUTORS = Number(arg('--executors', '8'));
const RUNS = Number(arg('--runs', '3'));
const PGLITE_N = Number(arg('--pglite-jobs', '2000'));
const PROFILE = process.argv.includes('--profile');
const WAITS = process.argv.includes('--waits');
const PLAN = 'bench/claims';

const store = await loadStore();
const { Logger, run: runGraphile } = await import('graphile-worker');

const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);

/** N work items with one queued attempt each, written in bulk (setting up is not measured). */
async function seed(db, n) {
  const { sql } = store;
  await sql`insert into work_items (plan_key, issue_number, workflow_ref)
    select ${PLAN}, g, 'wf-bench@1' from generate_series(1, ${n}::integer) g`.execute(db);
  await sql`insert into attempts (work_item_id, step_key, number, sort_key)
    select id, 'implement', 1, array[issue_number] from work_items where plan_key = ${PLAN}`.execute(db);
  await sql`analyze`.execute(db);
}

/**
 * What the database's sessions of one database wait on, sampled while `during` runs: lock waits (one
 * transaction waiting for a row another holds), WAL flushes at commit, the client, or nothing (busy).
 */
async function sampleWaits(dbName, during) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({
    connectionString: process.env.PT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await c.connect();
  const counts = new Map();
  let total = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const { rows } = await c.query(
        `select coalesce(wait_event_type || ':' || wait_event, 'running') as w, count(*)::int as n
         from pg_stat_activity where datname = $1 and state <> 'idle' and pid <> pg_backend_pid() group by 1`,
        [dbName],
      );
      for (const r of rows) {
        counts.set(r.w, (counts.get(r.w) ?? 0) + r.n);
        total += r.n;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  try {
    return { result: await during(), waits: { counts, total } };
  } finally {
    stop = true;
    await loop;
    await c.end();
  }
}

const waitLine = ({ counts, total }) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([w, n]) => `${w} ${Math.round((100 * n) / total)}%`)
    .join(', ');

/** 8 executor loops claiming and completing until nothing is left; figures and a check of the result. */
async function ours(s, n) {
  const x = { db: s.db, appendRecord: store.appendRecord };
  const latencies = [];
  const cpu0 = process.cpuUsage();
  const t0 = now();
  await Promise.all(
    Array.from({ length: EXECUTORS }, (_, e) =>
      executorLoop(store, x, PLAN, `agent-${e}`, (ms) => latencies.push(ms)),
    ),
  );
  // The clock stops when every record is chained: what the executors' sealers have not chained yet
  // is chained here (a reader does the same).
  const { rows: left } = await store.sql`select count(*)::int as n from audit_pending`.execute(s.db);
  await store.sealAudit(x);
  const ms = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const { rows } = await store.sql`
    select count(*) filter (where status = 'completed')::int as done, count(*)::int as total
    from attempts`.execute(s.db);
  if (rows[0].done !== n || rows[0].total !== n) throw new Error(`ours: ${JSON.stringify(rows[0])} of ${n}`);
  const audit = await store.verifyStoredAudit(x, { verifier: (h) => new store.ChainVerifier(h) });
  if (!audit.ok || audit.length !== 2 * n) throw new Error(`ours: audit ${JSON.stringify(audit)}`);
  // The last claim of each loop found nothing: not a claim.
  return { ms, cpu, pendingAtEnd: left[0].n, latencies: latencies.sort((a, b) => a - b).slice(0, n) };
}

async function oursOnPostgres() {
  const pgdb = await freshPostgres('pt_bench_claims');
  const s = await store.openStore({ url: pgdb.url });
  try {
    await seed(s.db, N);
    if (!WAITS) return await ours(s, N);
    const { result, waits } = await sampleWaits(pgdb.name, () => ours(s, N));
    return { ...result, waits };
  } finally {
    await s.close();
    await pgdb.drop();
  }
}

async function graphile() {
  const pgdb = await graphileJobs('pt_bench_graphile', N, EXECUTORS + 2);
  try {
    const asked = new Map();
    const latencies = [];
    let done = 0;
    let t0 = 0;
    let finished;
    const allDone = new Promise((r) => {
      finished = r;
    });
    // Listening before the runner starts, so its first fetches are counted too.
    const events = new EventEmitter();
    events.on('worker:getJob:start', ({ worker }) => {
      if (!t0) t0 = now();
      asked.set(worker.workerId, now());
    });
    events.on('job:start', ({ worker }) => latencies.push(now() - asked.get(worker.workerId)));
    events.on('job:complete', () => {
      if (++done === N) finished();
    });
    const runner = await runGraphile({
      pgPool: pgdb.pool,
      concurrency: EXECUTORS,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: quietLogger(),
      events,
      taskList: { noop: async () => {} },
    });
    const cpu0 = process.cpuUsage();
    const waits = WAITS ? await sampleWaits(pgdb.name, () => allDone) : null;
    if (!WAITS) await allDone;
    const ms = now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await runner.stop();
    if (latencies.some(Number.isNaN))
      throw new Error('graphile-worker: a job started that was not asked for');
    const c = await countJobs(pgdb.url);
    if (c !== 0) throw new Error(`graphile-worker: ${c} jobs left`);
    return { ms, cpu, latencies, ...(waits ? { waits: waits.waits } : {}) };
  } finally {
    await pgdb.drop();
  }
}

async function countJobs(url) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query('select count(*)::int as n from graphile_worker.jobs')).rows[0].n;
  } finally {
    await c.end();
  }
}

/** graphile-worker's errors only. */
const quietLogger = () =>
  new Logger(() => (level, message) => {
    if (level === 'error') console.error(message);
  });

async function oursOnPGlite() {
  const dir = mkdtempSync(join(tmpdir(), 'pt-bench-claims-'));
  const s = await store.openStore({ dataDir: join(dir, 'store') });
  try {
    await seed(s.db, PGLITE_N);
    return await ours(s, PGLITE_N);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (name, n, r) =>
  `  ${name.padEnd(34)} ${String(Math.round((n / r.ms) * 1000)).padStart(6)} /s   ` +
  `claim p50 ${median(r.latencies).toFixed(2)} ms, p99 ${pct(r.latencies, 99).toFixed(2)} ms   (${(r.ms / 1000).toFixed(2)} s)` +
  `\n      node CPU ${((r.cpu.user + r.cpu.system) / 1000 / r.ms).toFixed(2)} of a core, ` +
  `load ${loadavg()[0].toFixed(1)}` +
  (r.pendingAtEnd === undefined ? '' : `, ${r.pendingAtEnd} records pending when the loops ended`) +
  (r.waits ? `\n      server sessions: ${waitLine(r.waits)}` : '');

let session;
if (PROFILE) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

console.log(`claims: ${N} one-step items, ${EXECUTORS} concurrent executors, ${RUNS} alternate runs each`);
const results = { ours: [], graphile: [] };
for (let r = 0; r < RUNS; r++) {
  const a = await oursOnPostgres();
  results.ours.push(a);
  console.log(line(`run ${r + 1}: Papertrail, Postgres`, N, a));
  const b = await graphile();
  results.graphile.push(b);
  console.log(line(`run ${r + 1}: graphile-worker 0.17, Postgres`, N, b));
}
const mid = (rs) => rs.slice().sort((a, b) => a.ms - b.ms)[Math.floor(rs.length / 2)];
console.log('median run:');
console.log(line('Papertrail (completeAndClaim)', N, mid(results.ours)));
console.log(line('graphile-worker 0.17.3', N, mid(results.graphile)));
if (PGLITE_N > 0)
  console.log(line(`Papertrail on PGlite (${PGLITE_N} items)`, PGLITE_N, await oursOnPGlite()));

if (session) {
  const { profile } = await session.post('Profiler.stop');
  const file = join(tmpdir(), `claims-${process.pid}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile: ${file}`);
}
