import type { AuditRecordsTable } from '../database.js';
import type { ExecDb } from './audit.js';
import { sealAudit } from './seal.js';

// Verifying the stored chain without holding it: records are read in seq order a page at a time and
// handed to the domain's verifier as they come. Ports sit below the domain, so the caller hands the
// verifier in (domain/execution's ChainVerifier), as it hands appendRecord to appendAudit.

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

const DEFAULT_BATCH = 5_000;

/**
 * Verifies the stored audit chain against its head row, reading records in seq order in pages
 * (keyset: each page starts after the last seq of the one before, so no page rescans what came
 * before it). The head and every page are read in one repeatable-read snapshot, so appends that
 * commit meanwhile are not half seen; what was pending when it started is chained first, so every state
 * change committed before the call is verified. The next page is asked for before the current one is checked,
 * so the database reads while the verifier hashes.
 */
export async function verifyStoredAudit<R>(x: ExecDb, o: VerifyAuditOptions<R>): Promise<R> {
  const batch = o.batch ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batch) || batch < 1)
    throw new TypeError(`batch must be a whole number >= 1, not ${batch}`);
  await sealAudit(x);
  return x.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const head = await tx.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
      const v = o.verifier({ length: head.seq, head: head.hash });
      const page = (after: number) =>
        tx
          .selectFrom('audit_records')
          .select(['seq', 'prev', 'hash', 'at', 'actor', 'type', 'data'])
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(batch)
          .execute();
      let next = page(0);
      for (;;) {
        const rows = await next;
        const last = rows[rows.length - 1];
        // Asked for now, read while this page is checked; a full page may have more after it.
        next = last && rows.length === batch ? page(last.seq) : Promise.resolve([]);
        let more = rows.length > 0;
        for (let i = 0; more && i < rows.length; i++) more = v.addStored(rows[i]!);
        if (!more) {
          await next;
          return v.result();
        }
      }
    });
}
