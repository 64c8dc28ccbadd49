// What a claim + complete costs the Postgres server, per job, beside graphile-worker doing the same
// empty jobs: the CPU of the database's backends (utime + stime from /proc/PID/stat, so the server
// must run on this machine), the WAL written (pg_current_wal_lsn before and after: server-wide, so
// other sessions' writes on the same server count too) and, for ours, how many of the attempts'
// updates were HOT (pg_stat_user_tables). Also per job, all steady under load: the statements the
// clients sent (every pg query is one round trip: BEGIN and COMMIT count, a function's own statements
// inside the server do not), the database's transactions and the rows they wrote (pg_stat_database,
// read once every connection of the run has ended and flushed its statistics; by table for ours), and
// this process's CPU (process.cpuUsage: the executors, the sealer, the driver). Wall time is printed
// but is not the figure to judge by on a shared machine. Each round runs ours and graphile-worker on
// fresh databases, alternating.
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
import { executorLoop, freshPostgres, loadStore } from './store-module.mjs';

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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every query a pg client sends (the store's pool and graphile-worker's alike), but the monitor's.
// By statement too: a prepared one by its name, another by its first words.
const sent = { on: false, n: 0, by: new Map() };
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  if (sent.on && this !== monitor) {
    sent.n++;
    const q = args[0];
    const text = typeof q === 'string' ? q : (q?.name ?? String(q?.text ?? '?'));
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 48);
    sent.by.set(key, (sent.by.get(key) ?? 0) + 1);
  }
  return query.apply(this, args);
};

/**
 * Database `name`'s transactions and rows written so far, as the server's statistics hold them: a
 * backend adds its own when it ends (an idle one only after 10 s), so every connection is closed first.
 */
async function dbWrites(name) {
  const { rows } = await monitor.query(
    `select xact_commit::float8 as xacts, tup_inserted::float8 as ins, tup_updated::float8 as upd,
      tup_deleted::float8 as del from pg_stat_database where datname = $1`,
    [name],
  );
  return rows[0];
}

/** Each table's inserts, updates (HOT among them) and deletes so far, in the database at `url`. */
async function tableWrites(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`select relname as t, n_tup_ins::int as ins, n_tup_upd::int as upd,
      n_tup_hot_upd::int as hot, n_tup_del::int as del from pg_stat_user_tables`);
    return new Map(rows.map((r) => [r.t, r]));
  } finally {
    await c.end();
  }
}

const minus = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - (b?.[k] ?? 0)]));

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
  const node0 = process.cpuUsage();
  sent.n = 0;
  sent.by = new Map();
  sent.on = true;
  try {
    await during();
  } finally {
    sent.on = false;
    stop = true;
    await poll;
  }
  const node = process.cpuUsage(node0);
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
  return {
    wall,
    cpu,
    wal: rows[0].b,
    own,
    statements: sent.n,
    by: sent.by,
    nodeMs: (node.user + node.system) / 1000,
  };
}

async function ours() {
  const db = await freshPostgres('pt_bench_cost');
  try {
    // Written through a store of its own, closed before the run, so its writes are counted before it.
    const seeding = await store.openStore({ url: db.url });
    try {
      const { sql } = store;
      await sql`insert into work_items (plan_key, issue_number, workflow_ref)
        select ${PLAN}, g, 'wf-bench@1' from generate_series(1, ${N}::integer) g`.execute(seeding.db);
      await sql`insert into attempts (work_item_id, step_key, number, sort_key)
        select id, 'implement', 1, array[issue_number] from work_items where plan_key = ${PLAN}`.execute(
        seeding.db,
      );
      await sql`analyze`.execute(seeding.db);
      await sql`checkpoint`.execute(seeding.db).catch(() => {});
    } finally {
      await seeding.close();
    }
    await sleep(500);
    const before = await dbWrites(db.name);
    const tablesBefore = await tableWrites(db.url);
    const s = await store.openStore({ url: db.url });
    let cost;
    try {
      const x = { db: s.db, appendRecord: store.appendRecord };
      cost = await serverCost(db.name, async () => {
        await Promise.all(
          Array.from({ length: EXECUTORS }, (_, e) => executorLoop(store, x, PLAN, `agent-${e}`)),
        );
        await store.sealAudit(x);
      });
    } finally {
      await s.close();
    }
    await sleep(500);
    const writes = minus(await dbWrites(db.name), before);
    const tables = [...(await tableWrites(db.url))].map(([t, r]) => [t, minus(r, tablesBefore.get(t))]);
    const v = await store.openStore({ url: db.url });
    try {
      const x = { db: v.db, appendRecord: store.appendRecord };
      const audit = await store.verifyStoredAudit(x, { verifier: (h) => new store.ChainVerifier(h) });
      if (!audit.ok || audit.length !== 2 * N) throw new Error(`ours: audit ${JSON.stringify(audit)}`);
    } finally {
      await v.close();
    }
    const attempts = tables.find(([t]) => t === 'attempts')?.[1];
    return { ...cost, writes, tables, hot: attempts && { upd: attempts.upd, hot: attempts.hot } };
  } finally {
    await db.drop();
  }
}

async function graphile() {
  const { run } = await import('graphile-worker');
  const db = await graphileJobs('pt_bench_cost_gw', N, EXECUTORS + 2);
  // The pool that added the jobs ends before the run (its writes are counted before it); the run gets
  // a pool of its own, with the listeners graphileJobs explains.
  await db.pool.end();
  const pool = new pg.Pool({ connectionString: db.url, max: EXECUTORS + 2 });
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  try {
    await pool.query('checkpoint').catch(() => {});
    await sleep(500);
    const before = await dbWrites(db.name);
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
    // Its LISTEN client may stay checked out, which keeps end() from resolving: its few statements
    // are then not counted.
    await Promise.race([pool.end(), sleep(3000)]);
    await sleep(500);
    return { ...cost, writes: minus(await dbWrites(db.name), before) };
  } finally {
    pool.end().catch(() => {});
    await db.drop();
  }
}

const perJob = (x) => (x / N).toFixed(2);
const per = (r) =>
  `CPU ${(r.cpu / N).toFixed(2)} ms/job, WAL ${Math.round(r.wal / N)} B/job` +
  (r.own === undefined ? '' : ` (this database's ${Math.round(r.own / N)})`) +
  ', ' +
  `${Math.round((N / r.wall) * 1000)} /s wall` +
  (r.hot ? `, attempts updates ${r.hot.upd} (HOT ${r.hot.hot})` : '') +
  `\n      per job: ${perJob(r.statements)} statements sent (round trips), ${perJob(r.writes.xacts)} transactions, ` +
  `rows written ${perJob(r.writes.ins)} inserted + ${perJob(r.writes.upd)} updated + ${perJob(r.writes.del)} deleted, ` +
  `Node CPU ${(r.nodeMs / N).toFixed(3)} ms` +
  `\n      statements per job: ${[...r.by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${perJob(n)} ${k}`)
    .join('; ')}` +
  (r.tables
    ? `\n      by table, per job: ${r.tables
        .filter(([, w]) => w.ins || w.upd || w.del)
        .map(
          ([t, w]) =>
            `${t} ${perJob(w.ins)} ins ${perJob(w.upd)} upd (${perJob(w.hot)} HOT) ${perJob(w.del)} del`,
        )
        .join('; ')}`
    : '');

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
