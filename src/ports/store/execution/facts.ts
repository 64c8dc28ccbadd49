import type { Attempt } from '../database.js';
import { badExecutionInput } from '../errors.js';

/** What an audit record says about an attempt: plain JSON, times as ISO strings. */
export function attemptFacts(a: Attempt): Record<string, unknown> {
  return {
    attempt: a.id,
    workItem: a.work_item_id,
    step: a.step_key,
    number: a.number,
    status: a.status,
    ...(a.executor_id === null ? {} : { executor: a.executor_id }),
    ...(a.fencing_token === null ? {} : { token: a.fencing_token }),
    ...(a.lease_expires_at === null ? {} : { leaseExpiresAt: a.lease_expires_at.toISOString() }),
    ...(a.status === 'queued' ? { notBefore: a.not_before.toISOString() } : {}),
    ...(a.exit_code === null ? {} : { exitCode: a.exit_code }),
  };
}

/** A lease length Postgres' integer milliseconds can hold and that is long enough to heartbeat within. */
export function checkLease(leaseMs: number): number {
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1 || leaseMs > 2_147_483_647)
    throw badExecutionInput(
      `a lease of ${leaseMs} ms is not a whole number of milliseconds from 1 to 2147483647`,
      'Give the lease in milliseconds, for example 60000 for a minute.',
    );
  return leaseMs;
}

export function checkName(what: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw badExecutionInput(
      `the ${what} is empty`,
      `Give ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}: it is recorded in the audit trail.`,
    );
  return value;
}
