import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { staleToken } from '../errors.js';

/** What a write under a token found of its attempt, when the token matched no running attempt. */
export interface FoundAttempt {
  status: string;
  fencing_token: number | null;
}

/** The refusal of a write whose attempt and token matched no running attempt, saying which of the reasons it was. */
export function staleRefusal(attemptId: number, token: number, row: FoundAttempt | undefined) {
  const why = !row
    ? 'does not exist'
    : row.status !== 'running'
      ? `is ${row.status}, not running`
      : row.fencing_token !== token
        ? 'was claimed under another token'
        : 'changed meanwhile';
  return staleToken(attemptId, token, why);
}

/**
 * The refusal of a write whose attempt and token matched no running attempt, read in the writer's
 * transaction, which then rolls back: nothing is written.
 */
export async function refuseStale(tx: Kysely<Database>, attemptId: number, token: number): Promise<never> {
  const row = await tx
    .selectFrom('attempts')
    .select(['status', 'fencing_token'])
    .where('id', '=', attemptId)
    .executeTakeFirst();
  throw staleRefusal(attemptId, token, row);
}
