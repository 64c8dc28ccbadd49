import { sql } from 'kysely';
import type { Attempt } from '../database.js';
import { type AuditEntryInput, appendAudit, type ExecDb } from './audit.js';
import { attemptFacts } from './facts.js';
import { refuseStale } from './fence.js';
import { checkRetry, queueRetry, type RetryPolicy } from './retry.js';
import { inTransaction } from './transaction.js';

export interface FinishOptions {
  attemptId: number;
  token: number;
  /** The step command's exit code, when there was a command. */
  exitCode?: number | null;
}

export interface FailOptions extends FinishOptions {
  reason: string;
  /** Queue a new attempt of the step (after a backoff, up to a maximum); none without a policy. */
  retry?: RetryPolicy;
}

/** Ends a running attempt as `status`, only under its current token; null means the token is stale. */
async function end(
  x: ExecDb,
  o: FinishOptions,
  status: 'completed' | 'failed',
  then: (tx: ExecDb, row: Attempt) => Promise<AuditEntryInput[]>,
): Promise<Attempt> {
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .updateTable('attempts')
      .set({ status, ended_at: sql<Date>`now()`, exit_code: o.exitCode ?? null })
      .where('id', '=', o.attemptId)
      .where('status', '=', 'running')
      .where('fencing_token', '=', o.token)
      .returningAll()
      .executeTakeFirst();
    if (!row) return refuseStale(tx, o.attemptId, o.token);
    const within = { ...x, db: tx };
    await appendAudit(within, await then(within, row));
    return row;
  });
}

/** Completes a running attempt under its current token; a stale token is refused and nothing is written. */
export function completeAttempt(x: ExecDb, o: FinishOptions): Promise<Attempt> {
  return end(x, o, 'completed', async (_, row) => [
    { actor: row.executor_id ?? '', type: 'attempt-completed', data: attemptFacts(row) },
  ]);
}

/**
 * Fails a running attempt under its current token, and with a retry policy queues the step's next
 * attempt; a stale token is refused and nothing is written.
 */
export async function failAttempt(
  x: ExecDb,
  o: FailOptions,
): Promise<{ failed: Attempt; retry: Attempt | null }> {
  const policy = o.retry && checkRetry(o.retry);
  let retry: Attempt | null = null;
  const failed = await end(x, o, 'failed', async (tx, row) => {
    retry = policy ? await queueRetry(tx.db, row, policy) : null;
    const actor = row.executor_id ?? '';
    return [
      {
        actor,
        type: 'attempt-failed',
        data: { ...attemptFacts(row), reason: o.reason, retry: retry ? retry.id : null },
      },
      ...(retry
        ? [{ actor, type: 'attempt-queued', data: { ...attemptFacts(retry), retryOf: row.id } }]
        : []),
    ];
  });
  return { failed, retry };
}
