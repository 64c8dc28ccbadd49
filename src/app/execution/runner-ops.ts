import { isPtError } from '../../base/index.js';
// The engine as the executor loop's four steps. Each step opens the store for its own call and
// closes it: the embedded store admits one process at a time, so an executor must not hold it while
// its command runs, or a second executor on the same machine would wait for the whole step.
import type { App } from '../kernel/index.js';
import { type Claimed, workClaim } from './claim.js';
import { completeWith, failedOnComplete, workComplete, workFail } from './complete.js';
import { workHeartbeat } from './heartbeat.js';
import type { ExecutorOps, HeldAttempt } from './runner/index.js';
import { workSchedule } from './work-schedule.js';

export function executorOps(app: App): ExecutorOps<number> {
  const seconds = (ms: number) => ms / 1000;
  const fence = (c: HeldAttempt<number>) => ({ attempt: c.attemptId, token: c.token });
  return {
    async claim(executor, leaseMs) {
      const c = await workClaim(app, { executor, leaseSeconds: seconds(leaseMs) });
      return c && heldOf(c, leaseMs);
    },
    async heartbeat(c) {
      await workHeartbeat(app, { ...fence(c), leaseSeconds: seconds(c.leaseMs) });
    },
    async complete(c, r) {
      try {
        await workComplete(app, { ...fence(c), exitCode: r.exitCode, output: r.output });
      } catch (e) {
        if (isPtError(e) && failedOnComplete.has(e)) return { failed: `${e.code}: ${e.message}` };
        throw e;
      }
    },
    async completeAndClaim(c, r, executor, leaseMs) {
      try {
        const args = { ...fence(c), exitCode: r.exitCode, output: r.output };
        const { next } = await completeWith(app, args, { executor, leaseMs, step: c.stepKey });
        return { next: next && heldOf(next, leaseMs) };
      } catch (e) {
        if (isPtError(e) && failedOnComplete.has(e)) return { failed: `${e.code}: ${e.message}` };
        throw e;
      }
    },
    async fail(c, r) {
      await workFail(app, { ...fence(c), reason: r.reason, exitCode: r.exitCode, output: r.output });
    },
    async schedule() {
      return (await workSchedule(app)).queued;
    },
  };
}

/** A claim as the executor loop holds it. */
const heldOf = (c: Claimed, leaseMs: number): HeldAttempt<number> => ({
  attemptId: c.attempt,
  token: c.token,
  workItemId: c.handoff.workItem,
  issue: c.handoff.issue,
  stepKey: c.handoff.step,
  attemptNumber: c.handoff.attemptNumber,
  leaseMs,
  handoff: c.handoff,
});
