import { sql } from 'kysely';
import type { ExecDb, StoredAuditRecord } from './audit.js';
import { inTransaction } from './transaction.js';

// Chaining pending records (audit_pending) into the hash chain (audit_records). Only the transaction
// that holds the head row's lock chains, so seq stays contiguous and no record is chained twice; a
// state change that finds the head taken leaves its records pending, and the holder, the next state
// change or the next reader chains them. A record is chained when its sealer commits: the chain's
// order is the order of sealing, which can differ from the order of `at` by the span of transactions
// that ran side by side. Until it is chained a pending record has no hash, so an edit to it is not
// found: it is chained as edited.

/** Records read from audit_pending per statement. */
export const SEAL_BATCH = 5_000;

export interface Head {
  seq: number;
  hash: string;
}

/** A record to chain: a row of audit_pending, or (id null) one of the sealer's own, never pending. */
export interface PendingRow {
  id: number | null;
  at: string;
  actor: string;
  type: string;
  /** JSON text. */
  data: string;
}

/**
 * The oldest pending records this transaction sees, in the order they were added. Read in a statement
 * after the head's lock was taken: a snapshot taken before it could still see records that the
 * previous holder chained and deleted, and they would be chained again.
 */
export function readPending(x: ExecDb): Promise<PendingRow[]> {
  return x.db
    .selectFrom('audit_pending')
    .select(['id', 'at', 'actor', 'type', 'data'])
    .orderBy('id')
    .limit(SEAL_BATCH)
    .execute();
}

/**
 * Chains records after `head`, whose lock the caller's transaction holds: `first` (the caller read it
 * under the lock), then, with `all`, every pending record this transaction sees until none is left.
 * Returns how many were chained.
 */
export async function chainPending(
  x: ExecDb,
  head: Head,
  first: readonly PendingRow[],
  all: boolean,
): Promise<number> {
  let last: Head = head;
  let chained = 0;
  let batch = first;
  for (;;) {
    if (batch.length === 0) return chained;
    const records: StoredAuditRecord[] = [];
    for (const p of batch) {
      const entry = { at: p.at, actor: p.actor, type: p.type, data: JSON.parse(p.data) };
      const r = x.appendRecord(last.seq === 0 ? null : last, entry);
      records.push(r);
      last = r;
    }
    const ids: number[] = [];
    for (const p of batch) if (p.id !== null) ids.push(p.id);
    await writeChained(x, records, ids);
    chained += records.length;
    if (!all) return chained;
    batch = await readPending(x);
  }
}

/** Inserts the chained records, deletes their pending rows and moves the head: one statement. */
async function writeChained(x: ExecDb, records: StoredAuditRecord[], ids: number[]): Promise<void> {
  const end = records[records.length - 1]!;
  const col = <T>(f: (r: StoredAuditRecord) => T) => records.map(f);
  // Without pending rows to delete (the usual case when nothing runs alongside), the statement leaves
  // audit_pending alone: even an empty delete costs a scan.
  const deleting = ids.length
    ? sql`delete from audit_pending where id = any(${ids}::bigint[]) returning 1`
    : sql`select 1 where false`;
  const { rows } = await sql<{ deleted: number }>`
    with written as (
      insert into audit_records (seq, prev, hash, at, actor, type, data)
      select * from unnest(${col((r) => r.seq)}::bigint[], ${col((r) => r.prev)}::text[],
        ${col((r) => r.hash)}::text[], ${col((r) => r.at)}::text[], ${col((r) => r.actor)}::text[],
        ${col((r) => r.type)}::text[],
        -- appendRecord keeps data in canonical key order, so the text keeps it too.
        ${col((r) => JSON.stringify(r.data))}::text[])
    ), deleted as (${deleting}), moved as (
      update audit_head set seq = ${end.seq}, hash = ${end.hash} where id returning 1
    )
    select (select count(*) from deleted)::integer as deleted`.execute(x.db);
  // Only the head's holder deletes pending rows, so each one read is still there; if one was not,
  // another transaction chained it too, and this one must roll back rather than chain it twice.
  if (rows[0]?.deleted !== ids.length)
    throw new Error(`chained ${ids.length} pending audit records but deleted ${rows[0]?.deleted}`);
}

/**
 * Chains every pending record that has committed (in the caller's transaction, or one of its own),
 * waiting for the head if another transaction holds it. Readers of the chain call it first, so they
 * see every state change that committed before they started; a cheap look comes first, as there is
 * usually nothing pending.
 */
export async function sealAudit(x: ExecDb): Promise<number> {
  const waiting = await x.db.selectFrom('audit_pending').select('id').limit(1).executeTakeFirst();
  if (!waiting) return 0;
  return inTransaction(x.db, async (tx) => {
    const { rows } = await sql<Head>`select seq, hash from audit_head where id for update`.execute(tx);
    const head = rows[0];
    if (!head) throw new Error('the audit head row is missing (migration 2 inserts it)');
    const within = { ...x, db: tx };
    return chainPending(within, head, await readPending(within), true);
  });
}
