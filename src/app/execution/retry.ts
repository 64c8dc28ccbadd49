// `work retry`: a person sends a step whose retries are used up back to the queue. The executor's
// retries are automatic and bounded (execution.retry); past them the step is held, because running it
// again without anyone looking would repeat whatever made it fail. The new attempt is numbered after
// the failed one and recorded with who asked for it and why.
import { PtError } from '../../base/index.js';
import type { Workflow } from '../../domain/execution/index.js';
import { appendAudit, enqueueAttempt, readPlanState } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { inEngine } from './engine.js';
import { itemViews } from './states.js';

export interface RetryArgs {
  issue: number;
  step: string;
  reason: string;
  /** Who asks; the workspace's actor (PAPERTRAIL_ACTOR, git user.name) unless given. */
  actor?: string;
}

export interface Retried {
  issue: number;
  step: string;
  actor: string;
  reason: string;
  /** The attempt that failed last. */
  failed: { attempt: number; number: number };
  /** The new attempt, queued to be claimed now. */
  retry: { attempt: number; number: number };
}

const refuse = (code: string, message: string, hint: string) => new PtError(code, message, { hint, exit: 3 });

/** Who asks and why, both recorded with the new attempt; on the store and on the git ledger alike. */
export function retryWho(app: App, args: RetryArgs): { actor: string; reason: string } {
  const actor = (args.actor ?? actorOf(app.ws.root)).trim();
  const reason = args.reason.trim();
  if (!reason || !actor)
    throw new PtError('usage/empty-text', `${reason ? '--actor' : '--reason'} is empty`, {
      hint: 'Say who and why: both are recorded with the new attempt.',
      exit: 2,
    });
  return { actor, reason };
}

/** The refusals of work retry, the same on the store and on the git ledger (exit 3, nothing written). */
export const retryRefusal = {
  unknownStep: (wf: Workflow, step: string) =>
    refuse(
      'work/unknown-step',
      `Workflow ${wf.id} has no step "${step}"`,
      `Its steps: ${wf.steps.map((st) => st.key).join(', ')}.`,
    ),
  noItem: (issue: number) =>
    refuse(
      'work/no-item',
      `#${issue} has no work item`,
      'papertrail work list shows the work items; work schedule makes them.',
    ),
  cancelled: (issue: number) =>
    refuse(
      'work/item-cancelled',
      `#${issue} is cancelled: its issue left the plan`,
      'A cancelled item runs no step; put the issue back in the plan and run work schedule.',
    ),
  notFailedOut: (issue: number, step: string, why: string, hint = NOT_FAILED_OUT_HINT) =>
    refuse('work/not-failed-out', `Step ${step} of #${issue} is not failed out: ${why}`, hint),
};

const NOT_FAILED_OUT_HINT =
  'work retry is for a step held after its last retry failed (work list shows it held); a failed attempt with retries left is retried by itself.';

/**
 * Queues a new attempt of a work item's step whose latest attempt failed with no retry left. Refused
 * (exit 3, nothing written) for an unknown item or step, a cancelled item, and a step that is not
 * failed out: never tried, queued, running, or completed.
 */
export async function workRetry(app: App, args: RetryArgs): Promise<Retried> {
  const { actor, reason } = retryWho(app, args);
  return withStore(app, (s) =>
    inEngine(
      app,
      s,
      async (e) => {
        if (!e.wf.steps.some((st) => st.key === args.step)) throw retryRefusal.unknownStep(e.wf, args.step);
        const row = await e.x.db
          .selectFrom('work_items')
          .select('id')
          .where('plan_key', '=', e.planKey)
          .where('issue_number', '=', args.issue)
          .executeTakeFirst();
        const [view] = row
          ? itemViews(await readPlanState(e.x.db, e.planKey, [row.id]), e.wf, new Date())
          : [];
        if (!view) throw retryRefusal.noItem(args.issue);
        if (view.item.status === 'cancelled') throw retryRefusal.cancelled(args.issue);
        const failed = view.latest.get(args.step);
        if (failed?.status !== 'failed')
          throw retryRefusal.notFailedOut(
            args.issue,
            args.step,
            failed ? `its latest attempt (${failed.id}) is ${failed.status}` : 'it has no attempt yet',
          );
        const retry = await enqueueAttempt(e.x, {
          workItemId: view.item.id,
          stepKey: args.step,
          sortKey: failed.sort_key,
          actor,
        });
        await appendAudit(e.x, [
          {
            actor,
            type: 'attempt-retried',
            data: {
              workItem: view.item.id,
              step: args.step,
              attempt: retry.id,
              number: retry.number,
              retryOf: failed.id,
              reason,
            },
          },
        ]);
        return {
          issue: args.issue,
          step: args.step,
          actor,
          reason,
          failed: { attempt: failed.id, number: failed.number },
          retry: { attempt: retry.id, number: retry.number },
        };
      },
      { actor, advances: true },
    ),
  );
}
