import { isPtError } from '../../base/index.js';
import {
  attemptCompleted,
  attemptFailed,
  type HandoffArtifact,
  type Workflow,
} from '../../domain/execution/index.js';
import {
  type Attempt,
  completeAndClaim,
  completeAttempt,
  failAttempt,
  type RetryPolicy,
} from '../../ports/store/index.js';
import { type App, openForge, type WorkStore, withStore } from '../kernel/index.js';
import { advance, type Engine } from './advance.js';
import { readCiGates, settleCiGates } from './ci-gate.js';
import { type Claimed, expireIn, startedIn } from './claim.js';
import { inEngine } from './engine.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { itemOf, nextStepAfter } from './handoff-info.js';
import { type Integration, integrateFirst, localForgeFor } from './integrate.js';
import { engineSettings } from './settings.js';
import { withOutput } from './step-output.js';
import { workflowOf } from './workflow-of.js';

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

/** Errors of completions refused after which the attempt was failed instead (the integrate step's merge). */
export const failedOnComplete = new WeakSet<Error>();

/**
 * Completes a running attempt under its token and moves the work on in the same transaction: the
 * step's gates open, or the next steps are queued; a last step done finishes the item and queues what
 * it was blocking. A stale token is refused and nothing is written.
 */
export async function workComplete(app: App, args: CompleteArgs): Promise<Completed> {
  return (await completeWith(app, args)).completed;
}

/** The executor's next claim, made with its completion (completeWith). */
export interface NextClaim {
  executor: string;
  leaseMs: number;
  /** The step of the attempt being completed: one with a CI gate is not claimed after (see below). */
  step: string;
}

/**
 * workComplete, and with `claimNext` the executor's next attempt claimed in the completion's
 * transaction, after the work moved on and leases that ran out expired, as workClaim would right
 * after the commit (completeAndClaim). `next` is undefined when nothing was claimed because the step
 * has a CI gate, whose checks are read after the commit and may queue work the claim must see: the
 * executor claims on its own then.
 */
export async function completeWith(
  app: App,
  args: CompleteArgs,
  claimNext?: NextClaim,
): Promise<{ completed: Completed; next: Claimed | null | undefined }> {
  const wf = workflowOf(app);
  return withStore(
    app,
    async (s) => {
      // The integrate step merges the pull request first; if it cannot, the attempt fails with why.
      let merged: Integration | null = null;
      try {
        merged = await integrateFirst(app, s, wf, args);
      } catch (e) {
        if (!isPtError(e)) throw e;
        const reason = `${e.code}: ${e.message}`;
        await inEngine(app, s, (en) => failIn(en, { ...args, reason }, engineSettings(app).retry), {
          advances: false,
        });
        failedOnComplete.add(e);
        throw e;
      }
      let itemId = 0;
      // What the completion moves on, in its transaction: the artifact, the gates, the next steps.
      const movedOn = async (e: Engine, a: Attempt): Promise<Completed> => {
        const actor = a.executor_id ?? e.actor;
        const item = await itemOf(e.x, a.work_item_id);
        itemId = item.id;
        const artifact = attemptCompleted(
          handoffContext(item, e.wf, a.step_key, a.id, actor),
          withOutput(args.summary?.trim() || `step ${a.step_key} done`, args.output),
          nextStepAfter(e.wf, a.step_key),
        );
        await keepArtifact(e.x, item, a.id, artifact);
        const integrated = merged
          ? new Map([
              [item.id, `pull request #${merged.pr}${merged.commit ? ` (merge ${merged.commit})` : ''}`],
            ])
          : undefined;
        const r = await advance({ ...e, actor, ...(integrated ? { integrated } : {}) }, [item.id]);
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
      };
      const claim = claimNext && !ciGated(wf, claimNext.step) ? claimNext : undefined;
      const done = await inEngine(
        app,
        s,
        async (e) => {
          const fence = { attemptId: args.attempt, token: args.token, exitCode: args.exitCode ?? null };
          if (!claim)
            return { completed: await movedOn(e, await completeAttempt(e.x, fence)), next: undefined };
          const by = { ...e, actor: claim.executor };
          let completed: Completed | undefined;
          const r = await completeAndClaim(
            e.x,
            { ...fence, next: { planKey: e.planKey, executorId: claim.executor, leaseMs: claim.leaseMs } },
            async (_, a) => {
              completed = await movedOn(e, a);
              // As the claim would have done in its own transactions: leases that ran out first.
              await expireIn(by, engineSettings(app).retry);
            },
          );
          return { completed: completed!, next: r.next && (await startedIn(by, r.next, claim.executor)) };
        },
        { advances: true },
      );
      return { completed: await ciOnCompletion(app, s, wf, itemId, done.completed), next: done.next };
    },
    { forge: localForgeFor(app, wf) },
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
  const { retry } = engineSettings(app);
  return withStore(app, (s) => inEngine(app, s, (e) => failIn(e, args, retry), { advances: false }));
}

/** workFail inside an engine transaction already open. */
async function failIn(e: Engine, args: FailArgs, retry: RetryPolicy): Promise<Failed> {
  const { failed, retry: next } = await failAttempt(e.x, {
    attemptId: args.attempt,
    token: args.token,
    reason: args.reason,
    exitCode: args.exitCode ?? null,
    retry,
  });
  const item = await itemOf(e.x, failed.work_item_id);
  const artifact = attemptFailed(
    handoffContext(item, e.wf, failed.step_key, failed.id, failed.executor_id ?? e.actor),
    withOutput(args.reason, args.output),
    !!next,
  );
  await keepArtifact(e.x, item, failed.id, artifact);
  return {
    attempt: failed.id,
    issue: item.issue_number,
    step: failed.step_key,
    retry: next ? { attempt: next.id, notBefore: next.not_before.toISOString() } : null,
    artifact,
  };
}

/**
 * A step whose CI gate just opened: the checks of the item's pull request are read at once (after the
 * completion's transaction, as work schedule reads them before its own) and decide the gate when they
 * are complete. The completion's result then shows the gates and what was queued after the decision.
 */
async function ciOnCompletion(
  app: App,
  s: WorkStore,
  wf: Workflow,
  itemId: number,
  done: Completed,
): Promise<Completed> {
  const step = wf.steps.find((st) => st.key === done.step);
  const ci = step?.gates?.filter((g) => g.kind === 'ci-checks') ?? [];
  if (!ci.some((g) => done.gates.some((r) => r.key === g.key && r.status === 'pending'))) return done;
  const remote = s.forge ? null : await openForge(app);
  let readings: Awaited<ReturnType<typeof readCiGates>>;
  try {
    readings = await readCiGates(s.x, remote?.forge ?? s.forge!, s.planKey, wf, [itemId]);
  } finally {
    await remote?.close();
  }
  if (![...readings.values()].some((r) => r.gate.status !== 'pending')) return done;
  return inEngine(
    app,
    s,
    async (e) => {
      await settleCiGates(e, readings);
      const r = await advance(e, [itemId]);
      const view = r.views.find((v) => v.item.id === itemId);
      return {
        ...done,
        gates: (view?.gates.get(done.step) ?? []).map((g) => ({ key: g.gate_key, status: g.status })),
        queued: [
          ...done.queued,
          ...r.queued.map((q) => ({
            attempt: q.id,
            issue: r.views.find((v) => v.item.id === q.work_item_id)?.item.issue_number ?? 0,
            step: q.step_key,
          })),
        ],
        finished: [...done.finished, ...r.finished],
      };
    },
    { advances: true },
  );
}

/** Whether a step of the workflow has a CI gate. */
const ciGated = (wf: Workflow, step: string): boolean =>
  wf.steps.some((st) => st.key === step && st.gates?.some((g) => g.kind === 'ci-checks'));
