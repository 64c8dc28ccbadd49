// The git ledger's `work heartbeat` and `work retry`: a lease renewed by rewriting the claim file, and
// a person's new attempt of a failed-out step, each pushed as compare-and-swap like a claim, so a
// renewal that races the expiry of the same lease either lands first (and the lease holds) or finds
// the attempt expired and is refused.
import { EXIT, PtError, redactErrorText } from '../../base/index.js';
import {
  attemptIdOf,
  attemptStatus,
  claimPath,
  EXPIRY_ACTOR,
  LEASE_EXPIRED,
  type LedgerAttempt,
  type LedgerClaim,
  latestAttempts,
  ledgerJson,
  ledgerScheduleItems,
  readLedgerState,
  schedulePath,
} from '../../domain/execution/index.js';
import { staleToken } from '../../ports/store/index.js';
import type { App } from '../kernel/index.js';
import { auditFiles, retryRule, withLedger } from './ledger.js';
import { type RetryArgs, retryRefusal, retryWho } from './retry.js';
import { engineSettings } from './settings.js';
import { workflowOf } from './workflow-of.js';

export interface LedgerHeartbeatArgs {
  attempt: string;
  token: number;
  leaseSeconds?: number;
}

/**
 * Renews a claimed attempt's lease to `leaseSeconds` from now under its token. A lease that passed
 * but was not expired yet is renewed too, as on the store: until a writer expires it, nobody else can
 * hold the step. Not an audit record: the lease is a deadline, not a change of state.
 */
export async function ledgerHeartbeat(
  app: App,
  args: LedgerHeartbeatArgs,
): Promise<{ attempt: string; leaseExpiresAt: string }> {
  const leaseMs =
    args.leaseSeconds === undefined ? engineSettings(app).leaseMs : Math.round(args.leaseSeconds * 1000);
  return withLedger(app, async (l) => {
    const t = await l.transact((v) => {
      const s = readLedgerState(v);
      const claim = s.claims.get(args.attempt);
      if (!claim) throw stale(args, 'was never claimed');
      if (claim.token !== args.token) throw stale(args, 'was claimed under another token');
      const ended = s.outcomes.get(args.attempt);
      // Expired: the token is dead, as on the store, so an executor stops at once.
      if (ended?.actor === EXPIRY_ACTOR && ended.reason === LEASE_EXPIRED)
        throw stale(args, `has expired (its lease passed at ${claim.leaseExpiresAt})`);
      if (ended)
        throw new PtError(
          'work/attempt-ended',
          `Attempt ${args.attempt} has already ended (${ended.status})`,
          {
            hint: 'An ended attempt has no lease to renew; papertrail work list shows where its step stands.',
            exit: EXIT.conflict,
          },
        );
      const renewed: LedgerClaim = {
        ...claim,
        leaseExpiresAt: new Date(Date.now() + leaseMs).toISOString(),
      };
      return {
        change: {
          files: [{ path: claimPath(args.attempt), content: ledgerJson(renewed) }],
          message: `heartbeat ${args.attempt}`,
        },
        result: { attempt: args.attempt, leaseExpiresAt: renewed.leaseExpiresAt },
      };
    });
    return t.result;
  });
}

const stale = (args: { attempt: string; token: number }, why: string) =>
  staleToken(args.attempt, args.token, why);

export type LedgerRetryArgs = RetryArgs;

export interface LedgerRetried {
  issue: number;
  step: string;
  actor: string;
  reason: string;
  failed: { attempt: string; number: number };
  retry: { attempt: string; number: number };
}

/**
 * `work retry` on the ledger: a new attempt of a step whose latest attempt failed with no retry left,
 * queued to be claimed now, with an `attempt-retried` audit record saying who asked and why. The same
 * refusals as the store's, with the same codes.
 */
export async function ledgerRetry(app: App, args: LedgerRetryArgs): Promise<LedgerRetried> {
  const who = retryWho(app, args);
  // Pushed to a remote that many can read, as work fail's reason is.
  const { actor } = who;
  const reason = redactErrorText(who.reason);
  const wf = workflowOf(app);
  const retryAt = retryRule(app);
  if (!wf.steps.some((st) => st.key === args.step)) throw retryRefusal.unknownStep(wf, args.step);
  return withLedger(app, async (l) => {
    const t = await l.transact((v) => {
      const s = readLedgerState(v);
      const now = new Date();
      const i = s.items.findIndex((x) => x.issue === args.issue);
      const item = s.items[i];
      if (!item) throw retryRefusal.noItem(args.issue);
      if (ledgerScheduleItems(s, wf, now, retryAt)[i]!.cancelled) throw retryRefusal.cancelled(args.issue);
      const failed = latestAttempts(item).get(args.step);
      const status = failed ? attemptStatus(s, failed.attempt) : null;
      const outcome = failed ? s.outcomes.get(failed.attempt) : undefined;
      if (!failed || status !== 'failed' || !outcome)
        throw retryRefusal.notFailedOut(
          args.issue,
          args.step,
          failed ? `its latest attempt (${failed.attempt}) is ${status}` : 'it has no attempt yet',
        );
      if (retryAt(failed, outcome) !== null)
        throw retryRefusal.notFailedOut(
          args.issue,
          args.step,
          `attempt ${failed.attempt} failed with retries left`,
          'The next papertrail work schedule queues its retry once the backoff has passed (execution.retry).',
        );
      const at = now.toISOString();
      const number = failed.number + 1;
      const retry: LedgerAttempt = {
        attempt: attemptIdOf(item.issue, args.step, number),
        step: args.step,
        number,
        queuedAt: at,
        notBefore: at,
      };
      return {
        change: {
          files: [
            {
              path: schedulePath(item.issue),
              content: ledgerJson({ ...item, attempts: [...item.attempts, retry] }),
            },
            ...auditFiles(v, [
              {
                at,
                actor,
                type: 'attempt-retried',
                data: {
                  issue: item.issue,
                  step: args.step,
                  attempt: retry.attempt,
                  number,
                  retryOf: failed.attempt,
                  reason,
                },
              },
            ]),
          ],
          message: `retry ${retry.attempt} for ${actor}`,
        },
        result: {
          issue: item.issue,
          step: args.step,
          actor,
          reason,
          failed: { attempt: failed.attempt, number: failed.number },
          retry: { attempt: retry.attempt, number },
        },
      };
    });
    return t.result;
  });
}
