import { type Kysely, type RawBuilder, sql } from 'kysely';
import { Compiled } from '../compiled.js';
import type { Attempt } from '../database.js';
import { preparedAs } from '../prepared.js';
import { attemptColumns } from './attempt-row.js';
import { appendAudit, type ExecDb } from './audit.js';
import { AUDIT_AT, attemptFactsSql } from './audit-sql.js';
import { attemptFacts, checkLease, checkName } from './facts.js';
import { sealSoon } from './sealer.js';
import { onSharedServer } from './server.js';
import { inTransaction } from './transaction.js';

export interface ClaimOptions {
  /** Claim only attempts of this plan's work items. */
  planKey: string;
  executorId: string;
  leaseMs: number;
  /** Claim only this attempt (when it is queued and ready), not the next one in schedule order. */
  attemptId?: number;
}

/**
 * Claims the next queued attempt of the plan whose not-before has passed, in schedule order, for one
 * executor: it is picked (SKIP LOCKED, so concurrent claimers on Postgres take different rows instead
 * of queueing on the same one) and marked running with a lease and a new fencing token, which every
 * later write must carry. On a Postgres server that and the audit record are one statement, the
 * record left pending for the sealer (in a caller's transaction, the caller notes the change once it
 * has committed: sealCommitted); on PGlite, which runs one transaction at a time, the record is
 * chained in the claim's transaction. Null when nothing is ready.
 */
export async function claimAttempt(x: ExecDb, o: ClaimOptions): Promise<Attempt | null> {
  checkName('executor id', o.executorId);
  const leaseMs = checkLease(o.leaseMs);
  if (await onSharedServer(x.db)) {
    const { rows } = await claimStatement(o, leaseMs, true).execute(x.db);
    if (rows[0] && !x.db.isTransaction) sealSoon(x);
    return rows[0] ?? null;
  }
  return inTransaction(x.db, async (tx) => {
    const { rows } = await claimStatement(o, leaseMs, false).execute(tx);
    const row = rows[0];
    if (!row) return null;
    await appendAudit({ ...x, db: tx }, [
      { actor: o.executorId, type: 'attempt-claimed', data: attemptFacts(row) },
    ]);
    return row;
  });
}

interface ClaimValues extends Record<string, unknown> {
  planKey: string;
  executorId: string;
  leaseMs: number;
  attemptId: number | undefined;
}

/** The claim, with its audit record added as pending when `recorded`. */
function claimStatement(o: ClaimOptions, leaseMs: number, recorded: boolean) {
  const one = o.attemptId !== undefined;
  const name = `claim${one ? '_one' : ''}${recorded ? '_recorded' : ''}`;
  let statement = CLAIMS.get(name);
  if (!statement) {
    statement = new Compiled(['planKey', 'executorId', 'leaseMs', 'attemptId'], (v: ClaimValues) =>
      claimSql(v, name, one, recorded),
    );
    CLAIMS.set(name, statement);
  }
  const values = { planKey: o.planKey, executorId: o.executorId, leaseMs, attemptId: o.attemptId };
  return { execute: <DB>(db: Kysely<DB>) => statement.execute(db, values) };
}

const CLAIMS = new Map<string, Compiled<ClaimValues, Attempt>>();

function claimSql(v: ClaimValues, name: string, one: boolean, recorded: boolean) {
  const record = recorded
    ? sql`, recorded as (
        insert into audit_pending (at, actor, type, data)
        select ${AUDIT_AT}, ${v.executorId}, 'attempt-claimed', ${attemptFactsSql('claimed')} from claimed
      )`
    : sql``;
  return sql<Attempt>`${preparedAs(name)}
    with ${claimCtes(v, one, sql``)}${record}
    select * from claimed`;
}

/**
 * The claim as two CTEs: `next` picks the attempt, `claimed` marks it running and returns it. `when`
 * (empty, or ` and …`) is added to the pick's conditions, so a statement can claim only when another
 * of its parts wrote something.
 */
export function claimCtes(
  v: Pick<ClaimValues, 'planKey' | 'executorId' | 'leaseMs' | 'attemptId'>,
  one: boolean,
  when: RawBuilder<unknown>,
): RawBuilder<unknown> {
  // A named attempt waits for a racing claimer's lock instead of skipping it: once that one commits,
  // the row is no longer queued, and the loser is told it was claimed rather than that it was not ready.
  const only = one ? sql` and a.id = ${v.attemptId}` : sql``;
  const skip = one ? sql`` : sql` skip locked`;
  return sql`next as (
      select a.id from attempts a
      join work_items w on w.id = a.work_item_id
      where a.status = 'queued' and a.not_before <= now() and w.plan_key = ${v.planKey}${only}${when}
      order by a.sort_key, a.step_key collate "C", a.id
      limit 1
      for update of a${skip}
    ), claimed as (
      update attempts a set
        status = 'running',
        executor_id = ${v.executorId},
        started_at = now(),
        lease_expires_at = now() + ${v.leaseMs}::integer * interval '1 millisecond',
        fencing_token = nextval('attempt_fencing_seq')
      from next
      where a.id = next.id
      returning ${attemptColumns('a')}
    )`;
}
