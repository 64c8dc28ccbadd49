// Audit chain verification: N records (small `data`, as a state change writes) appended into a chain,
// then verified whole against a checkpoint, as `audit verify` does: records held as values, records
// as the store keeps them (data as JSON text, hashed as it is when canonical), and the plain way for
// stored records (parse every data text, then verify). Needs no build (bench/execution-module.mjs
// bundles the module). With --postgres, also the streaming verify of the same chain stored in a fresh
// database on the local Postgres (bench/audit-store.mjs).
// Usage: node bench/audit.mjs [--records 1000000] [--runs 5] [--postgres]
import { arg, loadExecution } from './execution-module.mjs';

const N = Number(arg('--records', '1000000'));
const RUNS = Number(arg('--runs', '5'));
const { appendRecord, checkpointOf, verifyChain, verifyStoredChain } = await loadExecution();

const t0 = process.hrtime.bigint();
const records = new Array(N);
let last = null;
for (let i = 0; i < N; i++) {
  last = appendRecord(last, {
    at: new Date(Date.UTC(2026, 11, 6) + i * 1000).toISOString(),
    actor: `agent-${i % 16}`,
    type: 'attempt-completed',
    data: { workItem: i % 10000, step: 'implement', attempt: `a-${i}`, outcome: 'success', lease: 60 },
  });
  records[i] = last;
}
const appendMs = Number(process.hrtime.bigint() - t0) / 1e6;
const cp = checkpointOf(records);
// As readAudit's rows come from the store: the data column is the text appendAudit wrote.
const rows = records.map((r) => ({ ...r, data: JSON.stringify(r.data) }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

function time(name, run) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    const res = run();
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3);
    if (!res.ok || res.length !== N) throw new Error(`${name}: verify failed: ${JSON.stringify(res)}`);
  }
  console.log(
    `  ${name}: median ${s(median(wall))} wall, ${s(median(cpu))} CPU (runs: ${wall.map(s).join(', ')})`,
  );
}

console.log(`audit: ${N} records, appended in ${s(appendMs)}; verify against a checkpoint, ${RUNS} runs:`);
const storedOnly = process.argv.includes('--stored-only');
if (!storedOnly) time('records as values (verifyChain)', () => verifyChain(records, cp));
if (!storedOnly) time('stored records, data as text (verifyStoredChain)', () => verifyStoredChain(rows, cp));
if (!storedOnly)
  time('stored records, parsed then verified (the plain way)', () =>
    verifyChain(
      rows.map((r) => ({ ...r, data: JSON.parse(r.data) })),
      cp,
    ),
  );

const { benchStoredVerify } = await import('./audit-store.mjs');
if (process.argv.includes('--postgres'))
  await benchStoredVerify(records, cp, RUNS, {
    ranges: arg('--ranges', '2').split(',').map(Number),
    keep: process.argv.includes('--keep'),
    database: arg('--database', undefined),
  });
if (process.argv.includes('--pglite')) await benchStoredVerify(records, cp, RUNS, { pglite: true });
