// `work list` and the schedule at plan scale: N work items on the built-in workflow, about 3N "blocked
// by" links and attempts in every state (queued, held by a backoff, running, failed, at a gate, done),
// written in bulk straight into a store: a fresh database on the local Postgres, then the embedded
// store (PGlite) of a scratch workspace. Then, on each, median wall time of:
// - the real CLI (bin/papertrail.js over dist/), `work list --json` and `work list` (text), in that workspace,
//   wall time and the child's CPU time (user + system, from this process's children's times);
// - the same CLI on a plan with no items in the same store: Node's start, the CLI's code and the
//   store's opening (on PGlite, starting the embedded database), i.e. the floor under `work list`;
// - in this process, the list's read (readListState) and its rows (listRows), reading the whole plan
//   state (the schedule's read), and the schedule's compute alone (itemViews + scheduleItems + schedule
//   on what was read); on Postgres also the list's read in one statement and over two connections
//   (as the CLI reads it), with the server's CPU time when it runs on this machine (/proc).
// Then the same on the embedded store while `papertrail serve` holds it: every command (and the
// in-process rows) reaches it through serve's socket instead of starting the embedded database.
// --before DIR times another build's CLI too (DIR/bin/papertrail.js, e.g. main's, built), each of its runs
// right after the same row of this one, so that both see the same machine load.
// Needs `npm run build` (the CLI rows use dist/). Runs interleaved round-robin, 1 warm-up.
// --instructions also counts, once per CLI row, the instructions the command executes under valgrind
// (callgrind, every thread; needs valgrind): unlike wall and CPU time, nearly the same on a loaded
// machine as on an idle one, so two builds (with --before) compare there. Slow: ~50x a run.
// Usage: node bench/work.mjs [--items 10000] [--runs 5] [--only postgres|pglite|served] [--seed-only DIR] [--before DIR] [--instructions]
// --seed-only writes the plan into a new workspace DIR (embedded store), or into the database of a
// postgres:// URL, and stops: to profile `node --cpu-prof bin/papertrail.js work list` there.
// (PT_BENCH_DATABASE_URL names the Postgres server; default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg } from './execution-module.mjs';
import { freshPostgres, loadStore } from './store-module.mjs';

const N = Number(arg('--items', '10000'));
const RUNS = Number(arg('--runs', '5'));
const ONLY = arg('--only', '');
const SEED_ONLY = arg('--seed-only', '');
const BEFORE = arg('--before', '');
const INSTRUCTIONS = process.argv.includes('--instructions');
const PLAN = 'bench/work';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'papertrail.js');
if (!existsSync(join(ROOT, 'dist', 'cli.js')))
  throw new Error('bench/work.mjs times the built CLI: run `npm run build` first');

const store = await loadStore({
  extra:
    "export { itemViews, scheduleItems } from './src/app/execution/states.ts';\n" +
    "export { listRows } from './src/app/execution/work-list.ts';\n",
});
const { sql } = store;

let x = 42;
const rnd = (n) => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % n;
};

/**
 * The plan as columns, generated once so both stores hold the same: items, blockers (three distinct
 * earlier issues each), and per item the attempts of the steps before its current one (completed,
 * review's gates passed) and of its current step in a mixed state.
 */
function generate(n) {
  const wf = store.defaultWorkflow({ runbooks: 'optional' });
  const steps = wf.steps.map((s) => s.key);
  const it = { issue: [], status: [], step: [], title: [] };
  const bl = { issue: [], by: [] };
  const at = { issue: [], step: [], status: [], exec: [], token: [], held: [] };
  const gt = { issue: [], step: [], gate: [], status: [] };
  const CURRENT = ['queued', 'queued', 'held', 'running', 'failed', 'completed'];
  let token = 1;
  for (let i = 1; i <= n; i++) {
    const done = rnd(3) === 0;
    const cancelled = !done && rnd(50) === 0;
    const k = done ? steps.length : rnd(steps.length);
    it.issue.push(i);
    it.status.push(done ? 'done' : cancelled ? 'cancelled' : k === 0 ? 'pending' : 'active');
    it.step.push(done ? null : steps[k]);
    it.title.push(`Work item ${i}: ${'implement the requirement '.repeat(1 + rnd(3)).trim()}`);
    if (i > 3) {
      const s = new Set();
      while (s.size < 3) s.add(1 + rnd(i - 1));
      for (const b of s) {
        bl.issue.push(i);
        bl.by.push(b);
      }
    }
    const attempt = (step, status) => {
      const st = status === 'held' ? 'queued' : status;
      at.issue.push(i);
      at.step.push(step);
      at.status.push(st);
      at.exec.push(st === 'running' ? `agent-${rnd(8)}` : null);
      at.token.push(st === 'running' ? token++ : null);
      at.held.push(status === 'held');
      if (step === 'review' && st === 'completed')
        for (const g of ['review', 'ci']) {
          gt.issue.push(i);
          gt.step.push(step);
          gt.gate.push(g);
          gt.status.push(done || g === 'ci' ? 'pass' : 'pending');
        }
    };
    for (let s = 0; s < Math.min(k, steps.length); s++) attempt(steps[s], 'completed');
    if (!done && !cancelled && rnd(4) !== 0) attempt(steps[k], CURRENT[rnd(CURRENT.length)]);
  }
  return { it, bl, at, gt };
}

/** Writes the generated plan in a handful of set-based statements (setting up is not measured). */
async function seed(db, p) {
  await sql`insert into work_items (plan_key, issue_number, workflow_ref, status, current_step_key, title)
    select ${PLAN}, t.i, 'wf-requirement@1.0.0', t.s, t.k, t.title
    from unnest(${p.it.issue}::int[], ${p.it.status}::text[], ${p.it.step}::text[], ${p.it.title}::text[])
      as t(i, s, k, title)`.execute(db);
  await sql`insert into work_item_blockers (work_item_id, blocked_by_issue)
    select w.id, t.b from unnest(${p.bl.issue}::int[], ${p.bl.by}::int[]) as t(i, b)
    join work_items w on w.plan_key = ${PLAN} and w.issue_number = t.i`.execute(db);
  await sql`insert into attempts (work_item_id, step_key, number, status, sort_key, not_before,
      executor_id, lease_expires_at, fencing_token, started_at, ended_at)
    select w.id, t.k, 1, t.s, array[w.issue_number],
      case when t.h then now() + interval '1 day' else now() end,
      t.e, case when t.s = 'running' then now() + interval '1 hour' end, t.f,
      case when t.s <> 'queued' then now() end,
      case when t.s in ('completed', 'failed') then now() end
    from unnest(${p.at.issue}::int[], ${p.at.step}::text[], ${p.at.status}::text[], ${p.at.exec}::text[],
      ${p.at.token}::bigint[], ${p.at.held}::boolean[]) as t(i, k, s, e, f, h)
    join work_items w on w.plan_key = ${PLAN} and w.issue_number = t.i`.execute(db);
  await sql`insert into gate_reviews (work_item_id, attempt_id, gate_key, status)
    select w.id, a.id, t.g, t.s
    from unnest(${p.gt.issue}::int[], ${p.gt.step}::text[], ${p.gt.gate}::text[], ${p.gt.status}::text[])
      as t(i, k, g, s)
    join work_items w on w.plan_key = ${PLAN} and w.issue_number = t.i
    join attempts a on a.work_item_id = w.id and a.step_key = t.k`.execute(db);
  await sql`analyze`.execute(db);
}

/** A workspace whose papertrail.yaml names `repo`; `storeOf` shares another workspace's embedded store. */
function workspace(repo, storeOf) {
  const ws = mkdtempSync(join(tmpdir(), 'pt-bench-work-'));
  writeFileSync(join(ws, 'papertrail.yaml'), `version: 1\ndocs: docs\nforge: local\nrepo: ${repo}\n`);
  mkdirSync(join(ws, 'docs'));
  if (storeOf) symlinkSync(join(storeOf, '.papertrail'), join(ws, '.papertrail'));
  else mkdirSync(join(ws, '.papertrail'));
  return ws;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The CPU time (user + system, ms) of this process's ended children, from /proc (Linux): spawnSync
// waits for its child, so the difference around one call is that child's CPU time.
const TICK_MS = 10;
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
}

function runCli(args, cwd, env, cli = CLI) {
  const c0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`papertrail ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return { ms, cpu: childrenCpuMs() - c0, out: r.stdout };
}

/** Instructions one CLI run executes, counted by valgrind's callgrind (all threads, JIT code included). */
function instructions(args, cwd, env, cli = CLI) {
  const dir = mkdtempSync(join(tmpdir(), 'pt-bench-ir-'));
  try {
    const r = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--smc-check=all-non-file',
        `--callgrind-out-file=${join(dir, 'out')}`,
        process.execPath,
        cli,
        ...args,
      ],
      { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    const m = /Collected : (\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m)
      throw new Error(`valgrind papertrail ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    return Number(m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The CPU time (ms, from /proc/PID/schedstat) each backend of this database has used, when the
 * server runs on this machine; null otherwise. Unlike wall time, barely moved by other load.
 */
async function backendsCpu(db) {
  const { rows } = await sql`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  try {
    return rows.map((r) => Number(readFileSync(`/proc/${r.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
  } catch {
    return null;
  }
}

async function inProcess(s) {
  const wf = store.defaultWorkflow({ runbooks: 'optional' });
  const ms = (a, b) => Number(b - a) / 1e6;
  // On Postgres the CLI reads over two connections (concurrent); both ways are timed, with the
  // server's CPU time: all backends together, and the busiest one (what an idle server waits for).
  const server = {};
  for (const concurrent of s.kind === 'postgres' ? [false, true] : []) {
    const c0 = await backendsCpu(s.db);
    const t = process.hrtime.bigint();
    await store.readListState(s.db, PLAN, { concurrent });
    const wall = ms(t, process.hrtime.bigint());
    const c1 = c0 && (await backendsCpu(s.db));
    const d = c1 && c1.length === c0.length ? c1.map((x, i) => x - c0[i]) : null;
    server[concurrent ? 'two' : 'one'] = {
      wall,
      total: d ? d.reduce((a, b) => a + b, 0) : Number.NaN,
      busiest: d ? Math.max(...d) : Number.NaN,
    };
  }
  const t0 = process.hrtime.bigint();
  const list = await store.readListState(s.db, PLAN, { concurrent: s.kind === 'postgres' });
  const t1 = process.hrtime.bigint();
  store.listRows(list, wf, new Date());
  const t2 = process.hrtime.bigint();
  const state = await store.readPlanState(s.db, PLAN);
  const t3 = process.hrtime.bigint();
  const sched = store.schedule(store.scheduleItems(store.itemViews(state, wf, new Date()), wf));
  const t4 = process.hrtime.bigint();
  return { list: ms(t0, t1), rows: ms(t1, t2), read: ms(t2, t3), compute: ms(t3, t4), sched, server };
}

/** Times every row on one backend; `open` opens its store in this process for the in-process rows. */
async function measure(label, ws, wsEmpty, env, open) {
  const clis = BEFORE
    ? [
        ['', CLI],
        [' (before)', join(BEFORE, 'bin', 'papertrail.js')],
      ]
    : [['', CLI]];
  const rows = {};
  const counts = {};
  for (const [args, name, where] of [
    [['work', 'list', '--json'], 'work list --json', ws],
    [['work', 'list'], 'work list (text)', ws],
    [['work', 'list', '--json'], 'work list, empty plan (floor)', wsEmpty],
  ])
    for (const [tag, cli] of clis) {
      rows[`${name}${tag}`] = () => runCli(args, where, env, cli);
      counts[`${name}${tag}`] = () => instructions(args, where, env, cli);
    }
  const times = Object.fromEntries(Object.keys(rows).map((k) => [k, { ms: [], cpu: [] }]));
  const check = rows['work list --json']();
  const listed = JSON.parse(check.out).items.length;
  if (listed !== N) throw new Error(`${label}: work list shows ${listed} items of ${N}`);
  if (BEFORE) {
    const before = rows['work list --json (before)']();
    if (before.out !== check.out)
      throw new Error(`${label}: work list --json differs from the --before build's`);
    if (rows['work list (text)']().out !== rows['work list (text) (before)']().out)
      throw new Error(`${label}: work list differs from the --before build's`);
  }
  for (const f of Object.values(rows)) f();
  for (let r = 0; r < RUNS; r++)
    for (const [k, f] of Object.entries(rows)) {
      const m = f();
      times[k].ms.push(m.ms);
      times[k].cpu.push(m.cpu);
    }
  const s = await open();
  const inp = { list: [], rows: [], read: [], compute: [] };
  const srv = {};
  let sched;
  try {
    await inProcess(s);
    for (let r = 0; r < RUNS; r++) {
      const m = await inProcess(s);
      for (const k of Object.keys(inp)) inp[k].push(m[k]);
      for (const [way, v] of Object.entries(m.server))
        for (const [k, x] of Object.entries(v)) {
          srv[`${way} ${k}`] ??= [];
          srv[`${way} ${k}`].push(x);
        }
      sched = m.sched;
    }
  } finally {
    await s.close();
  }
  console.log(
    `\n${label}: ${N} items, ${edges} links; schedule: ${sched.launch.length} launch, ` +
      `${sched.running.length} running, ${sched.waiting.length} waiting, ${sched.done.length} done`,
  );
  console.log(`  ${'median, ms'.padEnd(40)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}`);
  for (const [k, v] of Object.entries(times))
    console.log(
      `  ${k.padEnd(40)} ${median(v.ms).toFixed(1).padStart(8)} ${median(v.cpu).toFixed(0).padStart(8)}`,
    );
  if (INSTRUCTIONS)
    for (const [k, count] of Object.entries(counts))
      console.log(`  ${`${k}, instructions (M)`.padEnd(50)} ${(count() / 1e6).toFixed(0).padStart(8)}`);
  for (const [k, name] of [
    ['list', 'read list state (in process)'],
    ['rows', 'list rows (in process)'],
    ['read', 'read plan state (in process)'],
    ['compute', 'schedule compute (in process)'],
  ])
    console.log(`  ${name.padEnd(40)} ${median(inp[k]).toFixed(1).padStart(8)}`);
  for (const [way, name] of [
    ['one', 'read list state, one statement'],
    ['two', 'read list state, two connections'],
  ])
    if (srv[`${way} wall`])
      console.log(
        `  ${name.padEnd(40)} ${median(srv[`${way} wall`]).toFixed(1).padStart(8)}   server CPU ` +
          `${median(srv[`${way} total`]).toFixed(1)}, busiest backend ${median(srv[`${way} busiest`]).toFixed(1)}`,
      );
}

const plan = generate(N);
const edges = plan.bl.issue.length;
const base = { ...process.env, NO_COLOR: '1' };
delete base.DATABASE_URL;

if (SEED_ONLY.startsWith('postgres')) {
  const s = await store.openStore({ url: SEED_ONLY });
  try {
    await seed(s.db, plan);
  } finally {
    await s.close();
  }
  console.log(`${SEED_ONLY}: ${N} items, ${edges} links`);
  process.exit(0);
}

if (SEED_ONLY) {
  mkdirSync(join(SEED_ONLY, '.papertrail'), { recursive: true });
  mkdirSync(join(SEED_ONLY, 'docs'), { recursive: true });
  writeFileSync(join(SEED_ONLY, 'papertrail.yaml'), `version: 1\ndocs: docs\nforge: local\nrepo: ${PLAN}\n`);
  const s = await store.openStore({ dataDir: join(SEED_ONLY, '.papertrail', 'store') });
  try {
    await seed(s.db, plan);
  } finally {
    await s.close();
  }
  console.log(`${SEED_ONLY}: ${N} items, ${edges} links`);
  process.exit(0);
}

if (ONLY === '' || ONLY === 'postgres') {
  const pg = await freshPostgres('pt_bench_work');
  const ws = workspace(PLAN);
  const wsEmpty = workspace('bench/empty');
  try {
    const s = await store.openStore({ url: pg.url });
    try {
      await seed(s.db, plan);
    } finally {
      await s.close();
    }
    await measure('Postgres', ws, wsEmpty, { ...base, DATABASE_URL: pg.url }, () =>
      store.openStore({ url: pg.url }),
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(wsEmpty, { recursive: true, force: true });
    await pg.drop();
  }
}

/** `papertrail serve` in workspace `ws` (this build's CLI), once it lends the store on its socket. */
function serve(ws) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
    cwd: ws,
    env: base,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
      if (/papertrail serve: \S+/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`papertrail serve exited ${code}: ${err}`)));
  });
}

async function stop(child) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

if (ONLY !== 'postgres') {
  const ws = workspace(PLAN);
  const wsEmpty = workspace('bench/empty', ws);
  const dataDir = join(ws, '.papertrail', 'store');
  try {
    const s = await store.openStore({ dataDir });
    try {
      await seed(s.db, plan);
    } finally {
      await s.close();
    }
    if (ONLY !== 'served')
      await measure('PGlite (embedded)', ws, wsEmpty, base, () => store.openStore({ dataDir }));
    const server = await serve(ws);
    try {
      await measure('PGlite through papertrail serve (its socket)', ws, wsEmpty, base, () =>
        store.openStore({ dataDir }),
      );
    } finally {
      await stop(server);
    }
  } finally {
    rmSync(wsEmpty, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
}
