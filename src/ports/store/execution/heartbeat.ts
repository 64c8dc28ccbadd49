import { sql } from 'kysely';
import type { ExecDb } from './audit.js';
import { checkLease } from './facts.js';
import { refuseStale } from './fence.js';
import { inTransaction } from './transaction.js';

export interface HeartbeatOptions {
  attemptId: number;
  token: number;
  leaseMs: number;
}

/**
 * Renews a running attempt's lease to `leaseMs` from now, only under its current token. A lease that
 * has run out but not been expired yet is renewed too: until expireLeases fails the attempt, nobody
 * else can hold the step. Not an audit record: the lease is a deadline, not a change of state.
 */
export async function heartbeat(x: ExecDb, o: HeartbeatOptions): Promise<Date> {
  const leaseMs = checkLease(o.leaseMs);
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .updateTable('attempts')
      .set({ lease_expires_at: sql<Date>`now() + ${leaseMs}::integer * interval '1 millisecond'` })
      .where('id', '=', o.attemptId)
      .where('status', '=', 'running')
      .where('fencing_token', '=', o.token)
      .returning('lease_expires_at')
      .executeTakeFirst();
    if (!row?.lease_expires_at) return refuseStale(tx, o.attemptId, o.token);
    return row.lease_expires_at;
  });
}
