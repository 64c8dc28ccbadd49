import { sql } from 'kysely';
import { Compiled } from '../compiled.js';
import type { Attempt } from '../database.js';
import { preparedAs } from '../prepared.js';
import type { ExecDb } from './audit.js';
import { AUDIT_AT, attemptFactsSql } from './audit-sql.js';
import { type ClaimOptions, claimAttempt, claimCtes } from './claim.js';
import { checkLease, checkName } from './facts.js';
import { staleRefusal } from './fence.js';
import {
  type CompleteValues,
  completeAttempt,
  completedCte,
  type FinishOptions,
  staleRow,
} from './finish.js';
import { sealCommitted, sealSoon } from './sealer.js';
import { onSharedServer } from './server.js';
import { inTransaction } from './transaction.js';

export interface CompleteAndClaimOptions extends FinishOptions {
  /** The claim made once the attempt is completed (a named attempt is not offered here). */
  next: Omit<ClaimOptions, 'attemptId'>;
}

export interface CompletedAndClaimed {
  completed: Attempt;
  /** The executor's next attempt, or null when none is ready. */
  next: Attempt | null;
}

/**
 * Completes a running attempt under its token and claims the executor's next one, as
 * completeAttempt then claimAttempt would in one transaction: the same rows, the same two audit
 * records in that order, the same refusal of a stale token (nothing written, nothing claimed). On a
 * Postgres server it is one statement, so an executor's job costs one round trip and one commit
 * instead of two each. `between` runs after the completion and before the claim, in the same
 * transaction, for a caller whose completion moves work on (queues the item's next step) that the
 * claim must see, as it would see it after the completion committed; with it the two are two
 * statements of one transaction.
 */
export async function completeAndClaim(
  x: ExecDb,
  o: CompleteAndClaimOptions,
  between?: (tx: ExecDb, completed: Attempt) => Promise<void>,
): Promise<CompletedAndClaimed> {
  checkName('executor id', o.next.executorId);
  const leaseMs = checkLease(o.next.leaseMs);
  if (!between && (await onSharedServer(x.db))) {
    const { rows } = await COMPLETE_CLAIM.execute(x.db, {
      attemptId: o.attemptId,
      token: o.token,
      exitCode: o.exitCode ?? null,
      planKey: o.next.planKey,
      executorId: o.next.executorId,
      leaseMs,
    });
    const done = rows.find((r) => r.outcome === 'completed');
    if (!done) throw staleRefusal(o.attemptId, o.token, rows[0]);
    const claimed = rows.find((r) => r.outcome === 'claimed');
    if (!x.db.isTransaction) sealSoon(x);
    return { completed: withoutOutcome(done), next: claimed ? withoutOutcome(claimed) : null };
  }
  const r = await inTransaction(x.db, async (tx) => {
    const within = { ...x, db: tx };
    const completed = await completeAttempt(within, o);
    await between?.(within, completed);
    return { completed, next: await claimAttempt(within, { ...o.next, leaseMs }) };
  });
  // Its records, pending on a Postgres server, are chained soon, as after a change of its own.
  await sealCommitted(x);
  return r;
}

type Outcome = 'completed' | 'claimed' | 'stale';

const withoutOutcome = ({ outcome: _, ...a }: Attempt & { outcome: Outcome }): Attempt => a;

interface Values extends CompleteValues {
  planKey: string;
  executorId: string;
  leaseMs: number;
}

// The claim's pick waits on the completion (`exists (select from done)`): a stale token claims
// nothing. Both records go in by one insert, ordered, so the completion's is added first, as it is
// when the two are separate statements.
const COMPLETE_CLAIM = new Compiled(
  ['attemptId', 'token', 'exitCode', 'planKey', 'executorId', 'leaseMs'],
  (v: Values) => sql<Attempt & { outcome: Outcome }>`${preparedAs('complete_claim')}
    with ${completedCte(v)}, ${claimCtes({ ...v, attemptId: undefined }, false, sql` and exists (select from done)`)},
    recorded as (
      insert into audit_pending (at, actor, type, data)
      select r.at, r.actor, r.type, r.data from (
        select 1 as n, ${AUDIT_AT} as at, coalesce(done.executor_id, '') as actor,
          'attempt-completed' as type, ${attemptFactsSql('done')} as data
        from done
        union all
        select 2, ${AUDIT_AT}, ${v.executorId}::text, 'attempt-claimed', ${attemptFactsSql('claimed')}
        from claimed
      ) r
      order by r.n
    )
    select 'completed' as outcome, done.* from done
    union all
    select 'claimed', claimed.* from claimed
    union all
    ${staleRow(v)}`,
);
