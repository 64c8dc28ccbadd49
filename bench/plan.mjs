// Plan speed and cost on the local forge: a spec of N requirements (each depending on the one before
// and every tenth also on the first), planned into a bootstrapped repository, then planned again.
// Usage: node bench/plan.mjs [--reqs 500] [--runs 3] [--write]   (needs `npm run build`; Postgres rows need
// PT_TEST_DATABASE_URL or a local Postgres at 127.0.0.1:5432).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/papertrail.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('--reqs', '500'));
const env = { ...process.env, CI: '1', PAPERTRAIL_TODAY: '2026-11-23' };
delete env.DATABASE_URL;

function pt(cwd, args, extra = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...env, ...extra },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`papertrail ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, out: r.stdout };
}

function setup() {
  const ws = mkdtempSync(join(tmpdir(), 'pt-bench-ws-'));
  const repo = join(mkdtempSync(join(tmpdir(), 'pt-bench-repo-')), 'big');
  pt(ws, ['init']);
  pt(ws, ['propose', '--from', join(root, 'examples/seed-000/prop-0001.yaml')]);
  pt(ws, ['status', 'PROP-0001', 'approved']);
  const requirements = Array.from({ length: N }, (_, i) => ({
    name: `Capability ${i + 1}`,
    statement: `The system SHALL provide capability ${i + 1}.`,
    scenarios: [{ name: 'Works', given: 'a user', when: `they use capability ${i + 1}`, then: 'it works' }],
    depends_on: i === 0 ? [] : i % 10 === 0 ? [`Capability ${i}`, 'Capability 1'] : [`Capability ${i}`],
  }));
  writeFileSync(
    join(ws, 'big.json'),
    JSON.stringify({ proposal: 'PROP-0001', implementations: ['acme/big'], requirements }),
  );
  pt(ws, ['spec', '--from', 'big.json']);
  pt(ws, ['bootstrap', 'SPEC-0001', '--dir', repo]);
  return repo;
}

async function postgresUrl() {
  const admin = process.env.PT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
  } catch {
    return null;
  }
  const name = `pt_bench_${process.pid}`;
  await c.query(`drop database if exists ${name}`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

const RUNS = Number(arg('--runs', '3'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
/** RUNS times: a fresh store (`reset`), a plan, then a re-plan; medians of the wall times. */
async function measure(label, repo, extra, reset) {
  const firsts = [];
  const agains = [];
  let a;
  let b;
  for (let i = 0; i < RUNS; i++) {
    await reset();
    const first = pt(repo, ['plan', '--json'], extra);
    const again = pt(repo, ['plan', '--json'], extra);
    a = JSON.parse(first.out);
    b = JSON.parse(again.out);
    firsts.push(first.ms);
    agains.push(again.ms);
  }
  rows.push({
    label,
    first: median(firsts),
    firstWrites: a.writes,
    again: median(agains),
    againWrites: b.writes,
    issues: a.rows.length,
  });
}

const load0 = loadavg();
const repoA = setup();
await measure('local forge, embedded PGlite (first plan includes creating the store)', repoA, {}, () =>
  rmSync(join(repoA, '.papertrail', 'store'), { recursive: true, force: true }),
);
const url = await postgresUrl();
if (url) {
  const repoB = setup();
  await measure('local forge, Postgres (DATABASE_URL)', repoB, { DATABASE_URL: url }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('drop schema public cascade; create schema public');
    await c.end();
  });
}
const load1 = loadavg();

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const table = [
  `| store | plan (${N} requirements) | writes | re-plan | writes |`,
  '|---|---|---|---|---|',
  ...rows.map(
    (r) => `| ${r.label} | ${fmt(r.first)} | ${r.firstWrites} | ${fmt(r.again)} | ${r.againWrites} |`,
  ),
].join('\n');
const target = rows
  .map(
    (r) =>
      `- ${r.label}: plan ${r.first < 2000 ? 'met' : 'not met'} (target < 2 s); re-plan writes ${r.againWrites === 0 ? 'none (met)' : `${r.againWrites} (not met)`}`,
  )
  .join('\n');
const section = `### Results: plan (${new Date().toISOString().slice(0, 10)})

- Command: \`node bench/plan.mjs --reqs ${N} --runs ${RUNS} --write\`
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; median of ${RUNS} runs (each from an empty store), wall time of the whole CLI process.
- Load average (1 min): ${load0[0].toFixed(2)} before, ${load1[0].toFixed(2)} after.
- Spec: ${N} requirements, each blocked by the one before (every tenth also by the first): ${N + 1} issues, ${N} sub-issue links, ${N - 1 + Math.floor((N - 1) / 10)} blocked-by links.

${table}

${target}
`;
console.log(section);
if (process.argv.includes('--write')) {
  const file = join(root, 'BENCHMARKS.md');
  const md = readFileSync(file, 'utf8');
  const start = '<!-- bench:plan:start -->';
  const end = '<!-- bench:plan:end -->';
  const block = `${start}\n${section}${end}`;
  writeFileSync(
    file,
    md.includes(start)
      ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
      : `${md.trimEnd()}\n\n${block}\n`,
  );
  console.log('wrote BENCHMARKS.md');
}
