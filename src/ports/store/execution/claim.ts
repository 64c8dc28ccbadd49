import { sql } from 'kysely';
import type { Attempt } from '../database.js';
import { appendAudit, type ExecDb } from './audit.js';
import { attemptFacts, checkLease, checkName } from './facts.js';
import { inTransaction } from './transaction.js';

export interface ClaimOptions {
  /** Claim only attempts of this plan's work items. */
  planKey: string;
  executorId: string;
  leaseMs: number;
}

/**
 * Claims the next queued attempt of the plan whose not-before has passed, in schedule order, for one
 * executor: one statement picks it (SKIP LOCKED, so concurrent claimers on Postgres take different
 * rows instead of queueing on the same one) and marks it running with a lease and a new fencing token,
 * which every later write must carry. PGlite runs one transaction at a time, so there a claim simply
 * sees the previous one's result. Null when nothing is ready.
 */
export async function claimAttempt(x: ExecDb, o: ClaimOptions): Promise<Attempt | null> {
  checkName('executor id', o.executorId);
  const leaseMs = checkLease(o.leaseMs);
  return inTransaction(x.db, async (tx) => {
    const { rows } = await sql<Attempt>`
      with next as (
        select a.id from attempts a
        join work_items w on w.id = a.work_item_id
        where a.status = 'queued' and a.not_before <= now() and w.plan_key = ${o.planKey}
        order by a.sort_key, a.step_key collate "C", a.id
        limit 1
        for update of a skip locked
      )
      update attempts a set
        status = 'running',
        executor_id = ${o.executorId},
        started_at = now(),
        lease_expires_at = now() + ${leaseMs}::integer * interval '1 millisecond',
        fencing_token = nextval('attempt_fencing_seq')
      from next
      where a.id = next.id
      returning a.*`.execute(tx);
    const row = rows[0];
    if (!row) return null;
    await appendAudit({ ...x, db: tx }, [
      { actor: o.executorId, type: 'attempt-claimed', data: attemptFacts(row) },
    ]);
    return row;
  });
}
