import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditRecordsTable, Database } from '../database.js';
import { withoutRuntimeProbe } from '../pg-probe.js';
import type { ExecDb } from './audit.js';
import { sealAudit } from './seal.js';

// Verifying the stored chain without holding it: records are read in seq order a page at a time and
// handed to the domain's verifier as they come. Ports sit below the domain, so the caller hands the
// verifier in (domain/execution's ChainVerifier), as it hands appendRecord to appendAudit. On Postgres
// the snapshot can be shared (pg_export_snapshot), so ranges of the chain can be read by other
// connections, in other threads, seeing exactly the state the caller sees.

/** A record as stored: data is the JSON text that was hashed. */
export type AuditRow = AuditRecordsTable;

/** What verifyStoredAudit feeds: domain/execution's ChainVerifier. */
export interface RowVerifier<R> {
  /** The next record; false once the result is known (nothing more is read). */
  addStored(r: AuditRow): boolean;
  result(): R;
}

export interface VerifyAuditOptions<R> {
  /** A verifier that checks the chain against this checkpoint (the head row). */
  verifier: (head: { length: number; head: string }) => RowVerifier<R>;
  /** Records per page; memory holds two pages at most. Default 5,000. */
  batch?: number;
}

/** The audit chain as one repeatable-read snapshot sees it. */
export interface AuditSnapshot {
  /** The head row: the checkpoint the store keeps. */
  head: { length: number; head: string };
  /** The highest seq stored; 0 when there is none. */
  last: number;
  /** With `share`, the snapshot's id, for readAuditRange on other connections; null without. */
  shared: string | null;
  /** The stored hash of record `seq`; null when there is no such record. */
  hashAt(seq: number): Promise<string | null>;
  /** Feeds the records after seq `after` in seq order, page by page, until `feed` returns false. */
  read(after: number, feed: (r: AuditRow) => boolean): Promise<void>;
}

/** Records from seq `from` to `to`, both included. */
export interface AuditRange {
  from: number;
  to: number;
}

const DEFAULT_BATCH = 5_000;
const SNAPSHOT_ID = /^[0-9A-Fa-f]+-[0-9A-Fa-f]+(-[0-9A-Fa-f]+)?$/;

function checkBatch(batch: number): number {
  if (!Number.isSafeInteger(batch) || batch < 1)
    throw new TypeError(`batch must be a whole number >= 1, not ${batch}`);
  return batch;
}

/**
 * Runs `f` on the stored chain as one repeatable-read snapshot sees it: appends that commit meanwhile
 * are not half seen; what was pending when it started is chained first, so every state change
 * committed before the call is in it. `share` (Postgres only: PGlite has one connection): export the
 * snapshot for other connections to read the same state while `f` runs.
 */
export async function inAuditSnapshot<T>(
  x: ExecDb,
  f: (s: AuditSnapshot) => Promise<T>,
  o: { batch?: number; share?: boolean } = {},
): Promise<T> {
  const batch = checkBatch(o.batch ?? DEFAULT_BATCH);
  await sealAudit(x);
  return x.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const head = await tx.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
      const top = await tx
        .selectFrom('audit_records')
        .select((e) => e.fn.max('seq').as('last'))
        .executeTakeFirst();
      const shared = o.share
        ? (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(tx)).rows[0]!.id
        : null;
      return f({
        head: { length: head.seq, head: head.hash },
        last: Number(top?.last ?? 0),
        shared,
        hashAt: async (seq) =>
          (await tx.selectFrom('audit_records').select('hash').where('seq', '=', seq).executeTakeFirst())
            ?.hash ?? null,
        read: (after, feed) => readPages(tx, after, null, batch, feed),
      });
    });
}

/**
 * Verifies the stored audit chain against its head row, reading records in seq order in pages, all in
 * one snapshot (inAuditSnapshot).
 */
export async function verifyStoredAudit<R>(x: ExecDb, o: VerifyAuditOptions<R>): Promise<R> {
  return inAuditSnapshot(
    x,
    async (s) => {
      const v = o.verifier(s.head);
      await s.read(0, (r) => v.addStored(r));
      return v.result();
    },
    { batch: o.batch },
  );
}

/**
 * Feeds the records of `range` as the exported snapshot `shared` sees them, read on a connection of
 * `db` (not the one that exported it), in seq order, page by page, until `feed` returns false.
 */
export async function readAuditRange(
  db: Kysely<Database>,
  shared: string,
  range: AuditRange,
  feed: (r: AuditRow) => boolean,
  batch = DEFAULT_BATCH,
): Promise<void> {
  checkBatch(batch);
  if (!SNAPSHOT_ID.test(shared)) throw new TypeError(`not a snapshot id: ${JSON.stringify(shared)}`);
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      // Must be the transaction's first statement; an id cannot be a parameter, hence checked above.
      await sql`set transaction snapshot ${sql.lit(shared)}`.execute(tx);
      await readPages(tx, range.from - 1, range.to, batch, feed);
    });
}

/** readAuditRange on a connection of its own to the Postgres at `url` (a worker thread's). */
export async function readAuditRangeAt(
  url: string,
  shared: string,
  range: AuditRange,
  feed: (r: AuditRow) => boolean,
  batch = DEFAULT_BATCH,
): Promise<void> {
  // The driver is loaded by the worker that reads, not with the store's index that every command loads.
  const { openPostgres } = await withoutRuntimeProbe(() => import('../postgres.js'));
  const pg = openPostgres(url);
  try {
    await readAuditRange(pg.db, shared, range, feed, batch);
  } finally {
    await pg.close();
  }
}

/**
 * Keyset pages: each starts after the last seq of the one before, so no page rescans what came before
 * it. The next page is asked for before the current one is fed, so the database reads while the
 * caller hashes.
 */
async function readPages(
  tx: Transaction<Database>,
  after: number,
  upTo: number | null,
  batch: number,
  feed: (r: AuditRow) => boolean,
): Promise<void> {
  const page = (from: number) => {
    let q = tx
      .selectFrom('audit_records')
      .select(['seq', 'prev', 'hash', 'at', 'actor', 'type', 'data'])
      .where('seq', '>', from);
    if (upTo !== null) q = q.where('seq', '<=', upTo);
    return q.orderBy('seq').limit(batch).execute();
  };
  let next = page(after);
  for (;;) {
    const rows = await next;
    const last = rows[rows.length - 1];
    // Asked for now, read while this page is fed; a full page may have more after it.
    next = last && rows.length === batch ? page(last.seq) : Promise.resolve([]);
    let more = rows.length > 0;
    for (let i = 0; more && i < rows.length; i++) more = feed(rows[i]!);
    if (!more) {
      await next;
      return;
    }
  }
}
