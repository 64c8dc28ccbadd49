import { PtError } from '../../base/index.js';
import { byRunOrder, type HandoffArtifact } from '../../domain/execution/index.js';
import { readPlanState, type WorkItem } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { advance, type Engine } from './advance.js';
import { inEngine } from './engine.js';
import { applyGateDecision, reworkOf } from './gate-apply.js';
import { GATE_REFUSALS } from './gate-refusals.js';
import { INTEGRATE_STEP, recordRevert } from './integrate.js';
import { itemViews } from './states.js';

export interface GateArgs {
  issue: number;
  gate: string;
  decision: 'approve' | 'reject';
  reason: string;
  /** Who decides; the workspace's actor (PAPERTRAIL_ACTOR, git user.name) unless given. */
  reviewer?: string;
  /** Where a rejection sends the item back to (rework from that step on). */
  reentryStep?: string;
  /** Allows a rejection that sends an integrated item back before its integration: a revert. */
  revert?: boolean;
}

export interface GateResult {
  issue: number;
  gate: string;
  step: string;
  decision: 'approve' | 'reject';
  reviewer: string;
  /** On a rejection: the steps to be done again. */
  rework: string[];
  queued: { attempt: number; step: string }[];
  finished: number[];
  artifacts: HandoffArtifact[];
  /** The rejection undid the item's integration (`--revert`). */
  reverted: boolean;
}

async function itemByIssue(e: Engine, issue: number): Promise<WorkItem> {
  const item = await e.x.db
    .selectFrom('work_items')
    .selectAll()
    .where('plan_key', '=', e.planKey)
    .where('issue_number', '=', issue)
    .executeTakeFirst();
  if (!item) throw GATE_REFUSALS.noItem(issue);
  return item;
}

/**
 * A person's decision on a gate of a work item's step. Four-eyes: nobody who did the work under
 * review (the executor of any attempt of the item up to the gated step) can approve it. An approval
 * passes the gate and, once the step's gates all pass, moves the item on; a rejection sends it back
 * to the re-entry step as rework (that step and every later one are done again). Both are recorded
 * with who, when and why, and a handoff artifact.
 */
export async function decideGateOf(app: App, args: GateArgs): Promise<GateResult> {
  const reviewer = (args.reviewer ?? actorOf(app.ws.root)).trim();
  const reason = args.reason.trim();
  if (!reason)
    throw new PtError('usage/empty-text', '--reason is empty', {
      hint: 'Say why: the reason is recorded with the decision.',
      exit: 2,
    });
  return withStore(app, (s) =>
    inEngine(
      app,
      s,
      async (e) => {
        const item = await itemByIssue(e, args.issue);
        const step = e.wf.steps.find((st) => st.gates?.some((g) => g.key === args.gate));
        const gate = step?.gates?.find((g) => g.key === args.gate);
        if (!step || !gate) throw GATE_REFUSALS.unknownGate(e.wf, item.workflow_ref, args.gate);
        if (item.status === 'cancelled') throw GATE_REFUSALS.cancelled(args.issue);
        const view = itemViews(await readPlanState(e.x.db, e.planKey, [item.id]), e.wf, new Date())[0]!;
        const attempt = view.latest.get(step.key);
        const review = (view.gates.get(step.key) ?? []).find((g) => g.gate_key === args.gate);
        if (attempt?.status !== 'completed' || !review)
          throw GATE_REFUSALS.notOpen(args.gate, args.issue, step.key);
        if (review.status !== 'pending')
          throw GATE_REFUSALS.alreadyDecided(args.gate, args.issue, review.status);
        if (args.decision === 'approve' && gate.kind === 'governance-panel')
          throw GATE_REFUSALS.panelOnly(
            args.gate,
            item.requirement ?? `ISSUE-${item.issue_number}`,
            '; the gate then passes at the next work schedule or completion',
          );
        const upTo = [...e.wf.steps].sort(byRunOrder);
        const workers = new Set(
          upTo
            .slice(0, upTo.findIndex((st) => st.key === step.key) + 1)
            .map((st) => view.latest.get(st.key)?.executor_id)
            .filter((x): x is string => !!x),
        );
        if (args.decision === 'approve' && workers.has(reviewer))
          throw GATE_REFUSALS.fourEyes(reviewer, args.issue, args.gate);
        let reentry: string | null = null;
        if (args.decision === 'reject') {
          reentry = args.reentryStep ?? gate.reentryStepKey ?? step.key;
          const keys = upTo.map((st) => st.key);
          if (!keys.includes(reentry) || keys.indexOf(reentry) > keys.indexOf(step.key))
            throw GATE_REFUSALS.badReentry(reentry, step.key, item.workflow_ref, keys);
          if (reworkOf(e, view, reentry).includes(INTEGRATE_STEP) && !args.revert)
            throw GATE_REFUSALS.pastIntegration(
              args.gate,
              args.issue,
              reentry,
              ': its pull request is merged',
            );
        }
        const applied = await applyGateDecision(e, {
          item,
          view,
          step,
          attempt,
          review,
          decision: args.decision,
          reasons: [reason],
          reviewer,
          reentry,
        });
        if (!applied.decided)
          throw new PtError(
            'gate/already-decided',
            `gate ${args.gate} of #${args.issue} was decided meanwhile`,
            {
              hint: 'papertrail work list shows it.',
              exit: 3,
            },
          );
        const { rework, artifacts: out } = applied;
        const reverted = rework.includes(INTEGRATE_STEP);
        if (reverted) out.push(await recordRevert(e, item, attempt.id, step.key, reviewer, reason, reentry!));
        const r = await advance(e, [item.id]);
        return {
          issue: args.issue,
          gate: args.gate,
          step: step.key,
          decision: args.decision,
          reviewer,
          rework,
          queued: r.queued.map((q) => ({ attempt: q.id, step: q.step_key })),
          finished: r.finished,
          artifacts: out,
          reverted,
        };
      },
      { actor: reviewer, advances: true },
    ),
  );
}
