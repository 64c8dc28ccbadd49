import { type Kysely, type RawBuilder, sql } from 'kysely';
import { Compiled } from '../compiled.js';
import type { Attempt } from '../database.js';
import { preparedAs } from '../prepared.js';
import { attemptColumns } from './attempt-row.js';
import { type AuditEntryInput, appendAudit, type ExecDb } from './audit.js';
import { AUDIT_AT, attemptFactsSql } from './audit-sql.js';
import { attemptFacts } from './facts.js';
import { refuseStale, staleRefusal } from './fence.js';
import { checkRetry, queueRetry, type RetryPolicy } from './retry.js';
import { sealSoon } from './sealer.js';
import { onSharedServer } from './server.js';
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

/**
 * Completes a running attempt under its current token; a stale token is refused and nothing is
 * written. On a Postgres server that is one statement, in a caller's transaction too (see
 * claimAttempt): the update, its audit record (left pending for the sealer) and, when the token
 * matched nothing, what the attempt is now, for the refusal.
 */
export async function completeAttempt(x: ExecDb, o: FinishOptions): Promise<Attempt> {
  if (await onSharedServer(x.db)) {
    const { rows } = await completeStatement(o).execute(x.db);
    const row = rows[0];
    if (row?.outcome !== 'completed') throw staleRefusal(o.attemptId, o.token, row);
    const { outcome: _, ...attempt } = row;
    if (!x.db.isTransaction) sealSoon(x);
    return attempt;
  }
  return end(x, o, 'completed', async (_, row) => [
    { actor: row.executor_id ?? '', type: 'attempt-completed', data: attemptFacts(row) },
  ]);
}

export interface CompleteValues extends Record<string, unknown> {
  attemptId: number;
  token: number;
  exitCode: number | null;
}

/**
 * The completion with its pending audit record; its row, or (outcome 'stale') the attempt as the
 * statement found it, or nothing when there is no such attempt.
 */
const COMPLETE = new Compiled(
  ['attemptId', 'token', 'exitCode'],
  (v: CompleteValues) => sql<Attempt & { outcome: 'completed' | 'stale' }>`${preparedAs('complete')}
    with ${completedCte(v)}, recorded as (
      insert into audit_pending (at, actor, type, data)
      select ${AUDIT_AT}, coalesce(done.executor_id, ''), 'attempt-completed', ${attemptFactsSql('done')}
      from done
    )
    select 'completed' as outcome, done.* from done
    union all
    ${staleRow(v)}`,
);

/** The completion as a CTE, `done`: the attempt completed under its token, or no row. */
export const completedCte = (v: CompleteValues): RawBuilder<unknown> => sql`done as (
      update attempts set status = 'completed', ended_at = now(), exit_code = ${v.exitCode}::integer
      where id = ${v.attemptId} and status = 'running' and fencing_token = ${v.token}
      returning ${attemptColumns()}
    )`;

/** The attempt as a statement with `done` found it, outcome 'stale', when the token matched nothing. */
export const staleRow = (v: CompleteValues): RawBuilder<unknown> =>
  sql`select 'stale', ${attemptColumns('a')} from attempts a where a.id = ${v.attemptId} and not exists (select from done)`;

const completeStatement = (o: FinishOptions) => ({
  execute: <DB>(db: Kysely<DB>) =>
    COMPLETE.execute(db, { attemptId: o.attemptId, token: o.token, exitCode: o.exitCode ?? null }),
});

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
