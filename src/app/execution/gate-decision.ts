import { PtError } from '../../base/index.js';
import { byRunOrder, type HandoffArtifact } from '../../domain/execution/index.js';
import { readPlanState, type WorkItem } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { advance, type Engine } from './advance.js';
import { inEngine } from './engine.js';
import { applyGateDecision, reworkOf } from './gate-apply.js';
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

const refuse = (code: string, message: string, hint: string) => new PtError(code, message, { hint, exit: 3 });

async function itemByIssue(e: Engine, issue: number): Promise<WorkItem> {
  const item = await e.x.db
    .selectFrom('work_items')
    .selectAll()
    .where('plan_key', '=', e.planKey)
    .where('issue_number', '=', issue)
    .executeTakeFirst();
  if (!item)
    throw refuse(
      'gate/no-item',
      `#${issue} has no work item`,
      'papertrail work list shows the work items; work schedule makes them.',
    );
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
        if (!step || !gate) {
          const all = e.wf.steps.flatMap((st) => (st.gates ?? []).map((g) => `${g.key} (${st.key})`));
          throw refuse(
            'gate/unknown-gate',
            `workflow ${item.workflow_ref} has no gate "${args.gate}"`,
            all.length ? `Its gates: ${all.join(', ')}.` : 'Its steps have no gates.',
          );
        }
        if (item.status === 'cancelled')
          throw refuse(
            'gate/cancelled',
            `#${args.issue} is cancelled`,
            'Its issue was closed; nothing is decided on it.',
          );
        const view = itemViews(await readPlanState(e.x.db, e.planKey, [item.id]), e.wf, new Date())[0]!;
        const attempt = view.latest.get(step.key);
        const review = (view.gates.get(step.key) ?? []).find((g) => g.gate_key === args.gate);
        if (attempt?.status !== 'completed' || !review)
          throw refuse(
            'gate/not-open',
            `gate ${args.gate} of #${args.issue} is not open: step ${step.key} has no completed attempt waiting for it`,
            'A gate opens when its step completes; papertrail work list shows where the item is.',
          );
        if (review.status !== 'pending')
          throw refuse(
            'gate/already-decided',
            `gate ${args.gate} of #${args.issue} is already ${review.status}`,
            'A gate is decided once per attempt; a rejection sends the item back and the next attempt opens it again.',
          );
        if (args.decision === 'approve' && gate.kind === 'governance-panel')
          throw refuse(
            'gate/panel-only',
            `gate ${args.gate} passes on the governance panel's verdict, not on a person's approval`,
            `Review and accept the runbook: papertrail runbook review ${item.requirement ?? `ISSUE-${item.issue_number}`}, then runbook accept; the gate then passes at the next work schedule or completion.`,
          );
        const upTo = [...e.wf.steps].sort(byRunOrder);
        const workers = new Set(
          upTo
            .slice(0, upTo.findIndex((st) => st.key === step.key) + 1)
            .map((st) => view.latest.get(st.key)?.executor_id)
            .filter((x): x is string => !!x),
        );
        if (args.decision === 'approve' && workers.has(reviewer))
          throw refuse(
            'gate/four-eyes',
            `${reviewer} did work on #${args.issue} under review and cannot approve gate ${args.gate}`,
            'Four eyes: someone other than the executors of the work approves it (--reviewer NAME, or PAPERTRAIL_ACTOR).',
          );
        let reentry: string | null = null;
        if (args.decision === 'reject') {
          reentry = args.reentryStep ?? gate.reentryStepKey ?? step.key;
          const keys = upTo.map((st) => st.key);
          if (!keys.includes(reentry) || keys.indexOf(reentry) > keys.indexOf(step.key))
            throw refuse(
              'gate/bad-reentry',
              `"${reentry}" is not a step at or before ${step.key} in workflow ${item.workflow_ref}`,
              `Send the item back to one of: ${keys.slice(0, keys.indexOf(step.key) + 1).join(', ')}.`,
            );
          if (reworkOf(e, view, reentry).includes(INTEGRATE_STEP) && !args.revert)
            throw refuse(
              'gate/past-integration',
              `rejecting gate ${args.gate} of #${args.issue} back to ${reentry} would undo its integration: its pull request is merged`,
              'Revert the merge on the base branch, then reject with --revert (recorded), or choose a re-entry step after integrate.',
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
          throw refuse(
            'gate/already-decided',
            `gate ${args.gate} of #${args.issue} was decided meanwhile`,
            'papertrail work list shows it.',
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
