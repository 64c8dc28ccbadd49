import { sql } from 'kysely';
import type { Attempt } from '../database.js';
import { badExecutionInput, executionConflict, isUniqueViolation } from '../errors.js';
import { appendAudit, type ExecDb } from './audit.js';
import { attemptFacts, checkName } from './facts.js';
import { inTransaction } from './transaction.js';

export interface EnqueueOptions {
  workItemId: number;
  stepKey: string;
  /**
   * The step's place in the schedule (for example topological rank, issue number, step order): claims
   * take queued attempts in this order, element by element, then by step key.
   */
  sortKey: readonly number[];
  actor: string;
  /** Not to be claimed before then (a retry's backoff); default now. */
  notBefore?: Date;
}

const INT4 = (n: number) => Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647;

/**
 * Queues the next attempt of a work item's step, numbered after the step's earlier attempts. A step
 * whose attempt is still queued or running is refused: a step has one live attempt at a time.
 */
export async function enqueueAttempt(x: ExecDb, o: EnqueueOptions): Promise<Attempt> {
  checkName('actor', o.actor);
  checkName('step key', o.stepKey);
  if (!o.sortKey.every(INT4))
    throw badExecutionInput(
      `sort key [${o.sortKey.join(', ')}] is not a list of 32-bit whole numbers`,
      'Build the sort key from the schedule: rank, issue number, step order.',
    );
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .insertInto('attempts')
      .values({
        work_item_id: o.workItemId,
        step_key: o.stepKey,
        number: sql<number>`(select coalesce(max(number), 0) + 1 from attempts
          where work_item_id = ${o.workItemId} and step_key = ${o.stepKey})`,
        sort_key: [...o.sortKey],
        ...(o.notBefore ? { not_before: o.notBefore } : {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((e: unknown) => {
        if (!isUniqueViolation(e, 'attempts_one_live')) throw e;
        throw executionConflict(
          'work/already-queued',
          `Step ${o.stepKey} of work item ${o.workItemId} already has an attempt queued or running.`,
          'A step has one live attempt at a time: wait for it to end, or fail it first.',
          { workItemId: o.workItemId, stepKey: o.stepKey },
        );
      });
    await appendAudit({ ...x, db: tx }, [
      { actor: o.actor, type: 'attempt-queued', data: attemptFacts(row) },
    ]);
    return row;
  });
}
