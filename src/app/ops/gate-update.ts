import { EXIT, PtError } from '../../base/index.js';
import { checkGate, checkOfDelivery, gateStatusOfCheck } from '../../domain/ops/index.js';
import { type ExecDb, type RunGate, setGate, setPullGates } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { notifyRunChange } from './notify.js';
import { type GateView, gateView, resolveRun } from './view.js';

export interface CheckReport {
  /** The check's name as the forge says it ("Tests"); its gate is "CI: Tests". */
  check: string;
  /** The forge's status (queued, in_progress, completed…) and conclusion (success, failure…). */
  status: string | null;
  conclusion: string | null;
  url?: string | null;
  actor?: string;
}

/**
 * A check's report moves one run's gate: the forge's state mapped to pass, fail, skipped or pending.
 * A run without a gate of that name is refused (ops/unknown-gate) and nothing is written.
 */
export async function updateGateFromCheck(
  app: App,
  ref: string,
  r: CheckReport,
): Promise<{ run: string; gate: GateView; changed: boolean }> {
  return withStore(app, async ({ x }) => moveGate(x, (await resolveRun(x.db, ref)).id, r));
}

/** What a check's report sets on the gate it names. */
const gateChange = (r: CheckReport) => ({
  status: gateStatusOfCheck(r.status, r.conclusion),
  ...(r.url !== undefined ? { url: r.url } : {}),
  details: { check: r.check, status: r.status, conclusion: r.conclusion },
});

/** Told to whoever listens in this process, for each gate whose status moved. */
function moved(out: { gate: RunGate; changed: boolean }): { run: string; gate: GateView; changed: boolean } {
  const { gate, changed } = out;
  if (changed) notifyRunChange({ type: 'gate', run: gate.run_id, gate: gate.name, status: gate.status });
  return { run: gate.run_id, gate: gateView(gate), changed };
}

/** The gate of run `runId` (its whole id) that the check names, moved as the check reports. */
async function moveGate(
  x: ExecDb,
  runId: string,
  r: CheckReport,
): Promise<{ run: string; gate: GateView; changed: boolean }> {
  const name = checkGate(r.check);
  const out = await setGate(x, runId, name, gateChange(r), r.actor ?? 'ci');
  if (!out)
    throw new PtError('ops/unknown-gate', `Run ${runId.slice(0, 8)} has no gate "${name}"`, {
      hint: 'papertrail ops show RUN lists its gates.',
      exit: EXIT.conflict,
    });
  return moved(out);
}

/**
 * A check's report for a pull request (a webhook knows the pull request or its head, not the run):
 * every run gate made for that pull request and check moves, found and moved in one statement.
 * Returns the runs whose gate it found.
 */
export async function updateGatesForPull(
  app: App,
  pull: { pr?: number; head?: string },
  r: CheckReport,
): Promise<{ run: string; gate: GateView; changed: boolean }[]> {
  if (pull.pr === undefined && !pull.head) return [];
  return withStore(app, async ({ x }) =>
    (await setPullGates(x, checkGate(r.check), pull, gateChange(r), r.actor ?? 'ci')).map(moved),
  );
}

/**
 * A GitHub webhook delivery about a check (check_run, check_suite, workflow_run) moves the gates of
 * the runs whose pull request or head commit it names, in the workspace's repository only. Returns
 * the gates it touched, once per run and gate.
 */
export async function updateGatesFromDelivery(
  app: App,
  d: { event: string; action: string | null; payload: unknown },
): Promise<{ run: string; gate: GateView; changed: boolean }[]> {
  const c = checkOfDelivery(d.event, d.action, d.payload);
  if (!c || (c.repo && app.ws.config.repo && c.repo.toLowerCase() !== app.ws.config.repo.toLowerCase()))
    return [];
  const report: CheckReport = {
    check: c.check,
    status: c.status,
    conclusion: c.conclusion,
    ...(c.url === undefined ? {} : { url: c.url }),
    actor: 'github',
  };
  const head = c.head ? { head: c.head } : {};
  const pulls = c.prs.length ? c.prs.map((pr) => ({ pr, ...head })) : [head];
  const out = new Map<string, { run: string; gate: GateView; changed: boolean }>();
  for (const pull of pulls)
    for (const m of await updateGatesForPull(app, pull, report)) {
      const had = out.get(m.run);
      out.set(m.run, { ...m, changed: m.changed || !!had?.changed });
    }
  return [...out.values()];
}
