import { sql } from 'kysely';
import { preparedAs } from '../prepared.js';
import type { ExecDb } from './audit.js';
import { checkLease } from './facts.js';
import { staleRefusal } from './fence.js';

export interface HeartbeatOptions {
  attemptId: number;
  token: number;
  leaseMs: number;
}

/**
 * Renews a running attempt's lease to `leaseMs` from now, only under its current token. A lease that
 * has run out but not been expired yet is renewed too: until expireLeases fails the attempt, nobody
 * else can hold the step. Not an audit record: the lease is a deadline, not a change of state. One
 * statement, which also reads the attempt as it found it when the token matched nothing, for the
 * refusal (nothing is written then).
 */
export async function heartbeat(x: ExecDb, o: HeartbeatOptions): Promise<Date> {
  const leaseMs = checkLease(o.leaseMs);
  const { rows } = await sql<{
    lease: Date | null;
    status: string;
    fencing_token: number | null;
  }>`${preparedAs('heartbeat')}
    with renewed as (
      update attempts set lease_expires_at = now() + ${leaseMs}::integer * interval '1 millisecond'
      where id = ${o.attemptId} and status = 'running' and fencing_token = ${o.token}
      returning lease_expires_at, status, fencing_token
    )
    select lease_expires_at as lease, status, fencing_token from renewed
    union all
    select null, status, fencing_token from attempts
    where id = ${o.attemptId} and not exists (select from renewed)`.execute(x.db);
  const row = rows[0];
  if (!row?.lease) throw staleRefusal(o.attemptId, o.token, row);
  return row.lease;
}
