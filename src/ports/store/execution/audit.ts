import { type Kysely, sql } from 'kysely';
import { redactDeep, redactOutput, secretValues } from '../../../base/index.js';
import type { Database } from '../database.js';
import { chainPending, sealAudit, takeHead } from './seal.js';

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
 * Appends records to the audit trail inside the caller's transaction, so they commit or vanish with
 * the change they describe, without waiting on any other transaction. When the chain's head is free,
 * this transaction takes it and chains what others left pending, then its own records; when another
 * transaction holds it, the records are added as pending, and the holder, the next state change or
 * the next reader chains them (see seal.ts). Locking the head until commit for every append made all
 * state changes run one at a time (BENCHMARKS.md, claims). `at` is the database's clock, whichever
 * machine an executor runs on. Each entry's data is checked and put in canonical form here, so data
 * the chain cannot hold is refused with the change, not when it is chained.
 */
export async function appendAudit(x: ExecDb, given: readonly AuditEntryInput[]): Promise<void> {
  if (!x.db.isTransaction) throw new TypeError('appendAudit must run inside the transaction it records');
  if (given.length === 0) return;
  // Redacted before the record is made: the hash covers what is kept, so the chain verifies.
  const secrets = secretValues();
  const entries = given.map((e) => ({
    actor: redactOutput(e.actor, secrets),
    type: e.type,
    data: redactDeep(e.data, secrets, { patterns: true }),
  }));
  const data = entries.map((e) =>
    JSON.stringify(x.appendRecord(null, { at: '', actor: e.actor, type: e.type, data: e.data }).data),
  );
  const taken = await takeHead(x, entries, data);
  if (!taken) return;
  const own = entries.map((e, i) => ({
    id: null,
    at: taken.at,
    actor: e.actor,
    type: e.type,
    data: data[i]!,
  }));
  await chainPending(x, taken.head, [...taken.pending, ...own], false);
}

/**
 * Records after `afterSeq`, in seq order, at most `limit`: pages for a verifier or an export. What is
 * pending is chained first, so every state change committed before the call is there.
 */
export async function readAudit(x: ExecDb, afterSeq = 0, limit = 10_000): Promise<StoredAuditRecord[]> {
  await sealAudit(x);
  const rows = await x.db
    .selectFrom('audit_records')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
}

/**
 * How many records after `afterSeq` have each type starting with `prefix`, up to the chain's head,
 * which comes too: one statement (one snapshot), never the records themselves. What is pending is
 * chained first, as for readAudit.
 */
export async function countAuditTypes(
  x: ExecDb,
  afterSeq: number,
  prefix: string,
): Promise<{ head: number; counts: { type: string; n: number }[] }> {
  await sealAudit(x);
  const { rows } = await sql<{ head: number; counts: { type: string; n: number }[] | null }>`
    with h as (select seq from audit_head)
    select (select seq from h) as head, (select json_agg(t order by t.type) from (
      select type, count(*)::int as n from audit_records
      where seq > ${afterSeq} and seq <= (select seq from h) and starts_with(type, ${prefix})
      group by type) t) as counts`.execute(x.db);
  const r = rows[0]!;
  return { head: Number(r.head), counts: r.counts ?? [] };
}

/**
 * The head row as a checkpoint (length, head hash): the records must reach it, or the tail was cut.
 * What is pending is chained first, as for readAudit.
 */
export async function auditHead(x: ExecDb): Promise<{ length: number; head: string }> {
  await sealAudit(x);
  const row = await x.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { length: row.seq, head: row.hash };
}
