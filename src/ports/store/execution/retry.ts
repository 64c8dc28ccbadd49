import { type Kysely, sql } from 'kysely';
import type { Attempt, Database } from '../database.js';
import { badExecutionInput } from '../errors.js';

/** How a failed step is retried: always as a new attempt, after a backoff, up to a number of attempts. */
export interface RetryPolicy {
  /** Attempts of one step in all, the first included; 1 never retries. */
  maxAttempts: number;
  /** The wait before the second attempt; doubled for each one after. */
  backoffMs: number;
  /** The longest wait. */
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: 10_000, maxBackoffMs: 600_000 };

export function checkRetry(p: RetryPolicy): RetryPolicy {
  const ok =
    Number.isSafeInteger(p.maxAttempts) &&
    p.maxAttempts >= 1 &&
    Number.isSafeInteger(p.backoffMs) &&
    p.backoffMs >= 0 &&
    Number.isSafeInteger(p.maxBackoffMs) &&
    p.maxBackoffMs >= p.backoffMs &&
    p.maxBackoffMs <= 2_147_483_647;
  if (!ok)
    throw badExecutionInput(
      `retry policy ${JSON.stringify(p)} is not whole numbers with maxAttempts >= 1 and 0 <= backoffMs <= maxBackoffMs`,
      `For example ${JSON.stringify(DEFAULT_RETRY)}.`,
    );
  return p;
}

/** The wait before the attempt after `failedNumber`: backoffMs doubled per earlier retry, at most maxBackoffMs. */
export function backoffMs(p: RetryPolicy, failedNumber: number): number {
  return Math.min(p.maxBackoffMs, p.backoffMs * 2 ** Math.min(30, failedNumber - 1));
}

/**
 * Queues the attempt that retries `failed` (a retry is always a new attempt), not to be claimed
 * before the backoff has passed; null when the step has had its maximum of attempts.
 */
export async function queueRetry(
  tx: Kysely<Database>,
  failed: Attempt,
  p: RetryPolicy,
): Promise<Attempt | null> {
  if (failed.number >= p.maxAttempts) return null;
  return tx
    .insertInto('attempts')
    .values({
      work_item_id: failed.work_item_id,
      step_key: failed.step_key,
      number: sql<number>`(select coalesce(max(number), 0) + 1 from attempts
        where work_item_id = ${failed.work_item_id} and step_key = ${failed.step_key})`,
      sort_key: failed.sort_key,
      not_before: sql<Date>`now() + ${backoffMs(p, failed.number)}::integer * interval '1 millisecond'`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
