import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

// The audit trail's storage. The records are made by the hash chain of domain/execution (canonical
// JSON, SHA-256, contiguous seq); ports sit below the domain, so the caller hands its record maker in
// (ExecDb.appendRecord) rather than this layer importing it.

export interface AuditEntryInput {
  actor: string;
  type: string;
  /** JSON: plain objects, arrays, strings, finite numbers, booleans, null. */
  data: unknown;
}

/** A record of the chain, as domain/execution's AuditRecord. */
export interface StoredAuditRecord {
  seq: number;
  prev: string;
  hash: string;
  at: string;
  actor: string;
  type: string;
  data: unknown;
}

/** domain/execution's appendRecord: the record that follows `last` (null for the first). */
export type AppendRecord = (
  last: { seq: number; hash: string } | null,
  entry: { at: string; actor: string; type: string; data: unknown },
) => StoredAuditRecord;

/** Where execution state is written: the store (or one of its transactions) and the chain's record maker. */
export interface ExecDb {
  db: Kysely<Database>;
  appendRecord: AppendRecord;
}

/**
 * Appends records to the chain inside the caller's transaction, so they commit or vanish with the
 * change they describe. Locking the head row serialises appenders; it is the last lock a state change
 * takes (after its attempt rows), so appenders never wait on each other in a circle. `at` is the
 * database's clock read once the lock is held, so it never goes back along the chain, whichever
 * machine an executor runs on. Every appender waits for the one before it to commit, so the lock is
 * held for as few round trips as can be: one to take it and read the head, one to write the records
 * and move the head (see BENCHMARKS.md, claims).
 */
export async function appendAudit(
  x: ExecDb,
  entries: readonly AuditEntryInput[],
): Promise<StoredAuditRecord[]> {
  if (!x.db.isTransaction) throw new TypeError('appendAudit must run inside the transaction it records');
  if (entries.length === 0) return [];
  // A row lock, not a no-op update: the head row gets one new version per append, not two.
  const { rows } = await sql<{ seq: number; hash: string; at: string }>`
    select seq, hash,
      to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
    from audit_head where id for update`.execute(x.db);
  const head = rows[0];
  if (!head) throw new Error('the audit head row is missing (migration 2 inserts it)');
  let last: { seq: number; hash: string } | null = head.seq === 0 ? null : head;
  const records: StoredAuditRecord[] = [];
  for (const e of entries) {
    const r = x.appendRecord(last, { at: head.at, actor: e.actor, type: e.type, data: e.data });
    records.push(r);
    last = r;
  }
  const end = records[records.length - 1]!;
  const col = <T>(f: (r: StoredAuditRecord) => T) => records.map(f);
  // One statement for any number of records: arrays, not a parameter per field.
  await sql`
    with written as (
      insert into audit_records (seq, prev, hash, at, actor, type, data)
      select * from unnest(${col((r) => r.seq)}::bigint[], ${col((r) => r.prev)}::text[],
        ${col((r) => r.hash)}::text[], ${col((r) => r.at)}::text[], ${col((r) => r.actor)}::text[],
        ${col((r) => r.type)}::text[],
        -- appendRecord keeps data in canonical key order, so the text keeps it too.
        ${col((r) => JSON.stringify(r.data))}::text[])
    )
    update audit_head set seq = ${end.seq}, hash = ${end.hash} where id`.execute(x.db);
  return records;
}

/** Records after `afterSeq`, in seq order, at most `limit`: pages for a verifier or an export. */
export async function readAudit(
  db: Kysely<Database>,
  afterSeq = 0,
  limit = 10_000,
): Promise<StoredAuditRecord[]> {
  const rows = await db
    .selectFrom('audit_records')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}

/** The head row as a checkpoint (length, head hash): the records must reach it, or the tail was cut. */
export async function auditHead(db: Kysely<Database>): Promise<{ length: number; head: string }> {
  const row = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { length: row.seq, head: row.hash };
}
