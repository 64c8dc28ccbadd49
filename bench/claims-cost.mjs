// What a claim + complete costs the Postgres server, per job, beside graphile-worker doing the same
// empty jobs: the CPU of the database's backends (utime + stime from /proc/PID/stat, so the server
// must run on this machine), the WAL written (pg_current_wal_lsn before and after: server-wide, so
// other sessions' writes on the same server count too) and, for ours, how many of the attempts'
// updates were HOT (pg_stat_user_tables). Wall time is printed but is not the figure to judge by on a
// shared machine. Each round runs ours and graphile-worker on fresh databases, alternating.
// Usage: node bench/claims-cost.mjs [--jobs 1500] [--executors 8] [--rounds 2] [--no-graphile] [--lsn]
//   [--waldump /var/lib/postgresql/15/main/pg_wal]
// --lsn prints where each round's WAL starts, for pg_waldump --stats=record (what the bytes are).
// --waldump reads the round's WAL with pg_waldump (PT_PG_WALDUMP, default Debian's Postgres 15 path)
// and counts only this database's: the records of transactions that touched its relations (their
// commits included) and the others on its relations, so other sessions of the server do not count.
// (PT_BENCH_DATABASE_URL names the Postgres server; default postgres://postgres@127.0.0.1:5432/postgres)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { arg } from './execution-module.mjs';
import { graphileJobs } from './graphile-module.mjs';
import { freshPostgres, loadStore } from './store-module.mjs';

const N = Number(arg('--jobs', '1500'));
const EXECUTORS = Number(arg('--executors', '8'));
const ROUNDS = Number(arg('--rounds', '2'));
const GRAPHILE = !process.argv.includes('--no-graphile');
const PLAN = 'bench/claims';
const ADMIN = process.env.PT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TICK_MS = 1000 / 100; // USER_HZ on Linux
const WAL_DIR = arg('--waldump', '');
const WALDUMP = process.env.PT_PG_WALDUMP ?? '/usr/lib/postgresql/15/bin/pg_waldump';

/** WAL bytes between two LSNs that belong to database `oid` (see the header). */
function walOf(oid, from, to) {
  const out = execFileSync(WALDUMP, ['-p', WAL_DIR, '-s', from, '-e', to], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const records = [];
  const ours = new Set();
  for (const line of out.split('\n')) {
    const m = /len \(rec\/tot\):\s*\d+\/\s*(\d+), tx:\s*(\d+)/.exec(line);
    if (!m) continue;
    const mine = line.includes(`rel 1663/${oid}/`);
    if (mine && m[2] !== '0') ours.add(m[2]);
    records.push([Number(m[1]), m[2], mine]);
  }
  let bytes = 0;
  for (const [len, tx, mine] of records) if (mine || (tx !== '0' && ours.has(tx))) bytes += len;
  return bytes;
}

const store = await loadStore();
const monitor = new pg.Client({ connectionString: ADMIN });
await monitor.connect();

/** CPU ms a process has used, or undefined once it is gone. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/**
 * Server CPU spent by the backends of database `name` while `during` runs: every backend seen is
 * followed from its first sighting (0 for one that started meanwhile) to its last reading.
 */
async function serverCost(name, during) {
  const first = new Map();
  const last = new Map();
  const look = async (start) => {
    const { rows } = await monitor.query('select pid from pg_stat_activity where datname = $1', [name]);
    for (const { pid } of rows) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      if (!first.has(pid)) first.set(pid, start ? ms : 0);
      last.set(pid, ms);
    }
  };
  await look(true);
  const lsn0 = (await monitor.query('select pg_current_wal_lsn() as l')).rows[0].l;
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      await look(false);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  try {
    await during();
  } finally {
    stop = true;
    await poll;
  }
  const wall = performance.now() - t0;
  await look(false);
  const { rows } = await monitor.query(
    `select pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 as b, pg_current_wal_lsn() as l,
      (select oid from pg_database where datname = $2) as oid`,
    [lsn0, name],
  );
  let cpu = 0;
  for (const [pid, ms] of last) cpu += ms - first.get(pid);
  if (process.argv.includes('--lsn'))
    console.log(`    WAL from ${lsn0} (pg_waldump --stats=record --start ${lsn0})`);
  const own = WAL_DIR ? walOf(rows[0].oid, lsn0, rows[0].l) : undefined;
  return { wall, cpu, wal: rows[0].b, own };
}

async function ours() {
  const db = await freshPostgres('pt_bench_cost');
  const s = await store.openStore({ url: db.url });
  try {
    const { sql } = store;
    await sql`insert into work_items (plan_key, issue_number, workflow_ref)
      select ${PLAN}, g, 'wf-bench@1' from generate_series(1, ${N}::integer) g`.execute(s.db);
    await sql`insert into attempts (work_item_id, step_key, number, sort_key)
      select id, 'implement', 1, array[issue_number] from work_items where plan_key = ${PLAN}`.execute(s.db);
    await sql`analyze`.execute(s.db);
    await sql`checkpoint`.execute(s.db).catch(() => {});
    const x = { db: s.db, appendRecord: store.appendRecord };
    const cost = await serverCost(db.name, async () => {
      await Promise.all(
        Array.from({ length: EXECUTORS }, async (_, e) => {
          for (;;) {
            const a = await store.claimAttempt(x, {
              planKey: PLAN,
              executorId: `agent-${e}`,
              leaseMs: 60_000,
            });
            if (!a) return;
            await store.completeAttempt(x, { attemptId: a.id, token: a.fencing_token });
          }
        }),
      );
      await store.sealAudit(x);
    });
    const audit = await store.verifyStoredAudit(x, { verifier: (h) => new store.ChainVerifier(h) });
    if (!audit.ok || audit.length !== 2 * N) throw new Error(`ours: audit ${JSON.stringify(audit)}`);
    await s.close();
    // A backend flushes its table statistics when it ends (an idle one only after 10 s).
    await new Promise((r) => setTimeout(r, 500));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(`select n_tup_upd::int as upd, n_tup_hot_upd::int as hot
      from pg_stat_user_tables where relname = 'attempts'`);
    await c.end();
    return { ...cost, hot: rows[0] };
  } finally {
    await s.close();
    await db.drop();
  }
}

async function graphile() {
  const { run } = await import('graphile-worker');
  const db = await graphileJobs('pt_bench_cost_gw', N, EXECUTORS + 2);
  const pool = db.pool;
  try {
    await pool.query('checkpoint').catch(() => {});
    let done = 0;
    let finished;
    const allDone = new Promise((r) => {
      finished = r;
    });
    const { EventEmitter } = await import('node:events');
    const events = new EventEmitter();
    events.on('job:complete', () => {
      if (++done === N) finished();
    });
    let runner;
    const cost = await serverCost(db.name, async () => {
      runner = await run({
        pgPool: pool,
        concurrency: EXECUTORS,
        noHandleSignals: true,
        pollInterval: 1000,
        logger: new (await import('graphile-worker')).Logger(() => () => {}),
        events,
        taskList: { noop: async () => {} },
      });
      await allDone;
    });
    await runner.stop();
    return cost;
  } finally {
    await db.drop();
  }
}

const per = (r) =>
  `CPU ${(r.cpu / N).toFixed(2)} ms/job, WAL ${Math.round(r.wal / N)} B/job` +
  (r.own === undefined ? '' : ` (this database's ${Math.round(r.own / N)})`) +
  ', ' +
  `${Math.round((N / r.wall) * 1000)} /s wall` +
  (r.hot ? `, attempts updates ${r.hot.upd} (HOT ${r.hot.hot})` : '');

console.log(
  `claims-cost: ${N} jobs, ${EXECUTORS} executors, ${ROUNDS} rounds, load ${loadavg()[0].toFixed(1)}`,
);
for (let i = 0; i < ROUNDS; i++) {
  console.log(`  round ${i + 1} Papertrail      ${per(await ours())}   load ${loadavg()[0].toFixed(1)}`);
  if (GRAPHILE)
    console.log(
      `  round ${i + 1} graphile-worker ${per(await graphile())}   load ${loadavg()[0].toFixed(1)}`,
    );
}
await monitor.end();
