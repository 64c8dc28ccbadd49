// The schedule's compute time on a large plan: N work items on the default workflow, each blocked by
// three earlier items (about 3N "blocked by" links), step states mixed. Needs no build
// (bench/execution-module.mjs bundles the module).
// Usage: node bench/schedule.mjs [--items 10000] [--runs 7]
import { arg, loadExecution } from './execution-module.mjs';

const N = Number(arg('--items', '10000'));
const RUNS = Number(arg('--runs', '7'));
const { schedule, defaultWorkflow } = await loadExecution();

let x = 42;
const rnd = (n) => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % n;
};
const wf = defaultWorkflow({ runbooks: 'required' });
const STATES = ['pending', 'running', 'gate', 'done', 'done', 'done'];
let edges = 0;
const items = Array.from({ length: N }, (_, i) => {
  const blockedBy = new Set();
  if (i >= 3) while (blockedBy.size < 3) blockedBy.add(rnd(i) + 1);
  edges += blockedBy.size;
  // About a third of the items done, the rest at some step with a mix of states.
  const at = rnd(6);
  const steps = {};
  wf.steps.forEach((step, k) => {
    if (k < at) steps[step.key] = 'done';
    else if (k === at) steps[step.key] = STATES[rnd(STATES.length)];
  });
  return { issue: i + 1, workflow: wf, blockedBy: [...blockedBy], steps };
});

// Wall time and this process's CPU time: on a busy machine the second shows what the first loses to others.
const wall = [];
const cpu = [];
let s;
for (let r = 0; r < RUNS; r++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  s = schedule(items);
  wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e3);
}
const first = wall[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `schedule: ${N} items, ${edges} links: median ${median(wall).toFixed(1)} ms wall (${median(cpu).toFixed(1)} ms CPU), ` +
    `first run ${first.toFixed(1)} ms ` +
    `(of ${RUNS}; ${s.launch.length} launch, ${s.running.length} running, ${s.waiting.length} waiting, ${s.done.length} done)`,
);
