// The CI-checks gate, read from the forge: the checks of the work item's pull request decide it by the
// CI rule (pass, fail or still pending). The forge is read before the engine's transaction opens (on
// GitHub that is the network; on the local forge the checks live in the store's own connection, which
// a transaction holds), and the verdicts are applied inside it.
import type { CiGateStatus, Workflow } from '../../domain/execution/index.js';
import type { ForgePort, ForgePullRequest } from '../../ports/forge/index.js';
import { type ExecDb, readPlanState } from '../../ports/store/index.js';
import { listCiChecks } from '../kernel/index.js';
import type { Engine } from './advance.js';
import { applyGateDecision } from './gate-apply.js';
import { type ItemView, itemViews } from './states.js';

/** Who decides a CI gate in the audit trail and the artifacts. */
export const CI_REVIEWER = 'ci';

/** What the forge said about one item's pull request, read before the transaction. */
export interface CiReading {
  /** The item's pull request, or null when it has none (open, from its branch). */
  pr: number | null;
  gate: CiGateStatus;
}

export interface CiGateOutcome {
  issue: number;
  gate: string;
  pr: number | null;
  status: 'pass' | 'fail' | 'pending';
  reasons: string[];
  /** On a failure: the steps to be done again. */
  rework: string[];
}

/** The workflow's steps that end in a CI-checks gate. */
export const ciGateSteps = (wf: Workflow) =>
  wf.steps.filter((s) => s.gates?.some((g) => g.kind === 'ci-checks'));

/** Pending CI gates of an item's latest attempts: which step, which gate row. */
function pendingCiGates(v: ItemView, wf: Workflow) {
  return ciGateSteps(wf).flatMap((step) => {
    const a = v.latest.get(step.key);
    if (a?.status !== 'completed') return [];
    return (v.gates.get(step.key) ?? [])
      .filter((r) => r.status === 'pending')
      .flatMap((r) => {
        const gate = step.gates!.find((g) => g.key === r.gate_key && g.kind === 'ci-checks');
        return gate ? [{ step, attempt: a, review: r, gate }] : [];
      });
  });
}

/** The open pull request made from the item's branch (the latest, should there be several). */
export function pullRequestOf(
  prs: readonly ForgePullRequest[],
  branch: string | null,
): ForgePullRequest | null {
  if (!branch) return null;
  const mine = prs.filter((p) => p.head === branch && p.state === 'open').sort((a, b) => b.number - a.number);
  return mine[0] ?? null;
}

/**
 * Reads the checks of the pull request of every item with a pending CI gate (all of the plan's items,
 * or those with the ids given). Items without one are left out: their gate stays pending.
 */
export async function readCiGates(
  x: ExecDb,
  forge: ForgePort,
  planKey: string,
  wf: Workflow,
  ids?: readonly number[],
): Promise<Map<number, CiReading>> {
  const out = new Map<number, CiReading>();
  if (ciGateSteps(wf).length === 0) return out;
  const views = itemViews(await readPlanState(x.db, planKey, ids), wf, new Date());
  const waiting = views.filter((v) => v.item.status !== 'cancelled' && pendingCiGates(v, wf).length > 0);
  if (waiting.length === 0) return out;
  const prs = await forge.listPullRequests();
  for (const v of waiting) {
    const pr = pullRequestOf(prs, v.item.branch);
    if (!pr) {
      out.set(v.item.id, {
        pr: null,
        gate: { status: 'pending', reasons: [`no open pull request from ${v.item.branch ?? 'its branch'}`] },
      });
      continue;
    }
    const required = pendingCiGates(v, wf).find((p) => p.gate.required?.length)?.gate.required;
    const r = await listCiChecks(forge, { pr: pr.number }, required ? { required: [...required] } : {});
    out.set(v.item.id, { pr: pr.number, gate: r.gate });
  }
  return out;
}

/**
 * Decides the pending CI gates of the items read: a pass approves the gate, a failure rejects it
 * with the failed checks as reasons and sends the item back to the gate's re-entry step (rework),
 * both recorded as the decision of "ci". Pending ones stay open. The caller advances the plan after.
 */
export async function settleCiGates(
  e: Engine,
  readings: ReadonlyMap<number, CiReading>,
): Promise<CiGateOutcome[]> {
  if (readings.size === 0) return [];
  const views = itemViews(await readPlanState(e.x.db, e.planKey, [...readings.keys()]), e.wf, new Date());
  const out: CiGateOutcome[] = [];
  for (const v of views) {
    const reading = readings.get(v.item.id);
    if (!reading || v.item.status === 'cancelled') continue;
    for (const p of pendingCiGates(v, e.wf)) {
      const { status, reasons } = reading.gate;
      const outcome: CiGateOutcome = {
        issue: v.item.issue_number,
        gate: p.gate.key,
        pr: reading.pr,
        status,
        reasons,
        rework: [],
      };
      out.push(outcome);
      if (status === 'pending') continue;
      const prefix = reading.pr === null ? [] : [`checks of pull request #${reading.pr}`];
      const applied = await applyGateDecision(e, {
        item: v.item,
        view: v,
        step: p.step,
        attempt: p.attempt,
        review: p.review,
        decision: status === 'pass' ? 'approve' : 'reject',
        reasons: [...prefix, ...reasons],
        reviewer: CI_REVIEWER,
        reentry: status === 'fail' ? (p.gate.reentryStepKey ?? p.step.key) : null,
      });
      if (!applied.decided) {
        outcome.status = 'pending';
        continue;
      }
      outcome.rework = applied.rework;
      // One decision per item per call: a rejection rewinds the item, so its other gates are moot.
      if (status === 'fail') break;
    }
  }
  return out;
}
