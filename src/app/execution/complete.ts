import { attemptCompleted, attemptFailed, type HandoffArtifact } from '../../domain/execution/index.js';
import { completeAttempt, DEFAULT_RETRY, failAttempt } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { advance } from './advance.js';
import { inEngine } from './engine.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { itemOf, nextStepAfter } from './handoff-info.js';
import { withOutput } from './step-output.js';

export interface CompleteArgs {
  attempt: number;
  token: number;
  summary?: string;
  exitCode?: number | null;
  /** The end of the step command's output, kept with the completion (bounded, secrets redacted). */
  output?: string;
}

export interface Completed {
  attempt: number;
  issue: number;
  step: string;
  /** The step's gates, now open, with their status. */
  gates: { key: string; status: string }[];
  /** Attempts queued by this completion: the item's next steps, and dependents that became ready. */
  queued: { attempt: number; issue: number; step: string }[];
  /** Issues whose items are done now. */
  finished: number[];
  artifact: HandoffArtifact;
}

/**
 * Completes a running attempt under its token and moves the work on in the same transaction: the
 * step's gates open, or the next steps are queued; a last step done finishes the item and queues what
 * it was blocking. A stale token is refused and nothing is written.
 */
export async function workComplete(app: App, args: CompleteArgs): Promise<Completed> {
  return withStore(app, (s) =>
    inEngine(
      app,
      s,
      async (e) => {
        const a = await completeAttempt(e.x, {
          attemptId: args.attempt,
          token: args.token,
          exitCode: args.exitCode ?? null,
        });
        const actor = a.executor_id ?? e.actor;
        const item = await itemOf(e.x, a.work_item_id);
        const artifact = attemptCompleted(
          handoffContext(item, e.wf, a.step_key, a.id, actor),
          withOutput(args.summary?.trim() || `step ${a.step_key} done`, args.output),
          nextStepAfter(e.wf, a.step_key),
        );
        await keepArtifact(e.x, item, a.id, artifact);
        const r = await advance({ ...e, actor }, [item.id]);
        const view = r.views.find((v) => v.item.id === item.id);
        return {
          attempt: a.id,
          issue: item.issue_number,
          step: a.step_key,
          gates: (view?.gates.get(a.step_key) ?? []).map((g) => ({ key: g.gate_key, status: g.status })),
          queued: r.queued.map((q) => ({
            attempt: q.id,
            issue: r.views.find((v) => v.item.id === q.work_item_id)?.item.issue_number ?? 0,
            step: q.step_key,
          })),
          finished: r.finished,
          artifact,
        };
      },
      { advances: true },
    ),
  );
}

export interface FailArgs {
  attempt: number;
  token: number;
  reason: string;
  exitCode?: number | null;
  /** The end of the step command's output, where a failure usually says why (bounded, redacted). */
  output?: string;
}

export interface Failed {
  attempt: number;
  issue: number;
  step: string;
  /** The new attempt that retries the step after a backoff, or null when the retries are used up. */
  retry: { attempt: number; notBefore: string } | null;
  artifact: HandoffArtifact;
}

/** Fails a running attempt under its token; the step is retried as a new attempt, up to a maximum. */
export async function workFail(app: App, args: FailArgs): Promise<Failed> {
  return withStore(app, (s) =>
    inEngine(
      app,
      s,
      async (e) => {
        const { failed, retry } = await failAttempt(e.x, {
          attemptId: args.attempt,
          token: args.token,
          reason: args.reason,
          exitCode: args.exitCode ?? null,
          retry: DEFAULT_RETRY,
        });
        const item = await itemOf(e.x, failed.work_item_id);
        const artifact = attemptFailed(
          handoffContext(item, e.wf, failed.step_key, failed.id, failed.executor_id ?? e.actor),
          withOutput(args.reason, args.output),
          !!retry,
        );
        await keepArtifact(e.x, item, failed.id, artifact);
        return {
          attempt: failed.id,
          issue: item.issue_number,
          step: failed.step_key,
          retry: retry ? { attempt: retry.id, notBefore: retry.not_before.toISOString() } : null,
          artifact,
        };
      },
      { advances: false },
    ),
  );
}
