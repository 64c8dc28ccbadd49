// Audit chain verification: N records (small `data`, as a state change writes) appended into a chain,
// then verified whole against a checkpoint, as `audit verify` does. Needs no build
// (bench/execution-module.mjs bundles the module).
// Usage: node bench/audit.mjs [--records 1000000] [--runs 3]
import { arg, loadExecution } from './execution-module.mjs';

const N = Number(arg('--records', '1000000'));
const RUNS = Number(arg('--runs', '3'));
const { appendRecord, checkpointOf, verifyChain } = await loadExecution();

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

const wall = [];
const cpu = [];
for (let r = 0; r < RUNS; r++) {
  const c0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  const res = verifyChain(records, cp);
  wall.push(Number(process.hrtime.bigint() - t) / 1e6);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e3);
  if (!res.ok) throw new Error(`verify failed: ${JSON.stringify(res.break)}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `audit: ${N} records: append ${(appendMs / 1000).toFixed(2)} s; verify median ${(median(wall) / 1000).toFixed(2)} s wall ` +
    `(${(median(cpu) / 1000).toFixed(2)} s CPU), first ${(wall[0] / 1000).toFixed(2)} s (of ${RUNS})`,
);
