import { sql } from 'kysely';
import type { Attempt } from '../database.js';
import { type AuditEntryInput, appendAudit, type ExecDb } from './audit.js';
import { attemptFacts } from './facts.js';
import { checkRetry, DEFAULT_RETRY, queueRetry, type RetryPolicy } from './retry.js';
import { inTransaction } from './transaction.js';

export interface ExpireOptions {
  retry?: RetryPolicy;
  /** Who expires them, for the audit trail. */
  actor?: string;
  /** At most this many in one transaction. */
  limit?: number;
}

export interface Expired {
  failed: Attempt;
  /** The new attempt that retries it, or null when the step has had its maximum. */
  retry: Attempt | null;
}

/**
 * Fails every running attempt whose lease has passed (its executor stopped heartbeating: crashed,
 * killed, cut off) and queues a new attempt for each with a backoff, up to the policy's maximum. An
 * attempt whose executor is writing at that moment is skipped (SKIP LOCKED) and looked at next time,
 * so sweepers never wait on executors. The old token is dead from here on.
 */
export async function expireLeases(x: ExecDb, o: ExpireOptions = {}): Promise<Expired[]> {
  const policy = checkRetry(o.retry ?? DEFAULT_RETRY);
  const actor = o.actor ?? 'papertrail';
  const limit = o.limit ?? 1_000;
  return inTransaction(x.db, async (tx) => {
    const { rows } = await sql<Attempt>`
      update attempts a set status = 'failed', ended_at = now()
      where a.status = 'running' and a.id in (
        select id from attempts
        where status = 'running' and lease_expires_at < now()
        order by lease_expires_at, id
        limit ${limit}
        for update skip locked
      )
      returning a.*`.execute(tx);
    rows.sort((a, b) => a.id - b.id);
    const out: Expired[] = [];
    const entries: AuditEntryInput[] = [];
    for (const failed of rows) {
      const retry = await queueRetry(tx, failed, policy);
      out.push({ failed, retry });
      entries.push({
        actor,
        type: 'attempt-expired',
        data: { ...attemptFacts(failed), retry: retry ? retry.id : null },
      });
      if (retry)
        entries.push({ actor, type: 'attempt-queued', data: { ...attemptFacts(retry), retryOf: failed.id } });
    }
    await appendAudit({ ...x, db: tx }, entries);
    return out;
  });
}
