// The executor loop's four steps on the git ledger. Each is one ledger command with a clone of its
// own, so the loop holds nothing while the step's command runs. An attempt that another writer ended
// meanwhile (its lease expired, a person failed it) is no longer this executor's: that refusal is the
// loop's stale token, so the command is stopped and its result not recorded, as on the store.
import { isPtError, PtError } from '../../base/index.js';
import type { App } from '../kernel/index.js';
import { ledgerClaim, ledgerFinish, ledgerSchedule } from './ledger.js';
import { ledgerHeartbeat } from './ledger-lease.js';
import { type ExecutorOps, type HeldAttempt, STALE_TOKEN } from './runner/index.js';

export function ledgerExecutorOps(app: App): ExecutorOps<string> {
  const seconds = (ms: number) => ms / 1000;
  const fence = (c: HeldAttempt<string>) => ({ attempt: c.attemptId, token: c.token });
  return {
    async claim(executor, leaseMs) {
      const c = await ledgerClaim(app, { executor, leaseSeconds: seconds(leaseMs) });
      if (!c) return null;
      return {
        attemptId: c.attempt,
        token: c.token,
        workItemId: c.handoff.issue,
        issue: c.handoff.issue,
        stepKey: c.handoff.step,
        attemptNumber: c.handoff.attemptNumber,
        leaseMs,
        handoff: c.handoff,
      };
    },
    heartbeat: (c) =>
      notOurs(c, async () => {
        await ledgerHeartbeat(app, { ...fence(c), leaseSeconds: seconds(c.leaseMs) });
      }),
    complete: (c, r) =>
      notOurs(c, async () => {
        await ledgerFinish(app, { ...fence(c), exitCode: r.exitCode }, 'done');
      }),
    fail: (c, r) =>
      notOurs(c, async () => {
        await ledgerFinish(app, { ...fence(c), reason: r.reason, exitCode: r.exitCode }, 'failed');
      }),
    async schedule() {
      return (await ledgerSchedule(app)).queued;
    },
  };
}

async function notOurs(c: HeldAttempt<string>, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!isPtError(e) || e.code !== 'work/attempt-ended') throw e;
    throw new PtError(STALE_TOKEN, `${e.message}, so token ${c.token} no longer holds it`, {
      hint: 'Another writer ended the attempt (its lease expired, or someone failed it); claim again.',
      exit: e.exit,
      cause: e,
    });
  }
}
