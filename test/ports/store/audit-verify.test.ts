import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ChainVerifier, type VerifyResult } from '../../../src/domain/execution/index.js';
import {
  type AuditRow,
  appendAudit,
  auditHead,
  inAuditSnapshot,
  inTransaction,
  openStore,
  readAuditRange,
  type Store,
  verifyStoredAudit,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from './backends.js';
import { execOf } from './execution-helpers.js';

// The stored chain verified page by page, on both backends: pages smaller than the chain, so every
// break below sits on, before or after a page boundary.
const suites = await backends('audit verify');
const N = 40;

describe.each(suites)('verifyStoredAudit on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  let store: Store | undefined;

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  /** A store whose chain has N records, appended in a few transactions as state changes do. */
  async function chained(): Promise<Store> {
    target = await fresh({ migrated: true });
    store = await openStore(target.opts);
    const s = store;
    for (let i = 0; i < N; i += 8)
      await inTransaction(s.db, (tx) =>
        appendAudit(
          { ...execOf(s), db: tx },
          Array.from({ length: 8 }, (_, k) => ({
            actor: `agent-${(i + k) % 3}`,
            type: 'attempt-completed',
            data: { n: i + k, step: 'implement', note: k % 2 ? 'line\nbreak' : 'é' },
          })),
        ),
      );
    return s;
  }

  /** The stored record at `seq`, as the table holds it. */
  const recordAt = (s: Store, seq: number) =>
    s.db.selectFrom('audit_records').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

  /** The domain's verifier, watched: which records it was given. */
  function verify(s: Store, batch = 7): Promise<VerifyResult & { seen: number[] }> {
    const seen: number[] = [];
    return verifyStoredAudit(execOf(s), {
      batch,
      verifier: (head) => {
        const v = new ChainVerifier(head);
        return {
          addStored: (r: AuditRow) => {
            seen.push(r.seq);
            return v.addStored(r);
          },
          result: () => ({ ...v.result(), seen }),
        };
      },
    });
  }

  it.skipIf(!available)(
    'verifies the whole chain in seq order, page by page, against the head row',
    async () => {
      const s = await chained();
      const head = await auditHead(execOf(s));
      expect(head.length).toBe(N);
      for (const batch of [1, 7, 8, N, 1000]) {
        const r = await verify(s, batch);
        expect(r).toMatchObject({ ok: true, length: N, head: head.head });
        expect(r.seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      }
    },
  );

  it.skipIf(!available)('names an edited record and reads no further', async () => {
    const s = await chained();
    await sql`update audit_records set data = replace(data, '"implement"', '"integrate"') where seq = 15`.execute(
      s.db,
    );
    const r = await verify(s);
    expect(r).toMatchObject({ ok: false, break: { problem: 'edited', seq: 15 } });
    expect(r.seen.at(-1)).toBe(15);
  });

  it.skipIf(!available)('names a deleted record, and a deleted tail against the head', async () => {
    const s = await chained();
    await s.db.deleteFrom('audit_records').where('seq', 'in', [21, 22]).execute();
    expect(await verify(s)).toMatchObject({
      ok: false,
      break: { problem: 'deleted', seq: 21, message: 'records 21 to 22 are missing' },
    });
    await s.db.deleteFrom('audit_records').where('seq', '>', 20).execute();
    expect(await verify(s)).toMatchObject({ ok: false, break: { problem: 'truncated', index: 20 } });
  });

  it.skipIf(!available)('names records whose places were swapped', async () => {
    const s = await chained();
    // Rows come back in seq order, so a swap is two records whose seq no longer matches their hash.
    for (const [from, to] of [
      [8, 1_000_000],
      [9, 8],
      [1_000_000, 9],
    ] as const)
      await s.db.updateTable('audit_records').set({ seq: to }).where('seq', '=', from).execute();
    expect(await verify(s)).toMatchObject({ ok: false, break: { problem: 'edited', seq: 8 } });
  });

  it.skipIf(!available)('names a copied record, over another one or past the tail', async () => {
    const s = await chained();
    // Hashes are not unique in the table (nothing looks one up): the chain alone finds the copy, as
    // each hash covers its record's seq.
    const copy = await recordAt(s, 10);
    await s.db
      .insertInto('audit_records')
      .values({ ...copy, seq: N + 1 })
      .execute();
    expect(await verify(s)).toMatchObject({ ok: false, break: { problem: 'edited', seq: N + 1 } });
    const { seq: _, ...fields } = copy;
    await s.db.updateTable('audit_records').set(fields).where('seq', '=', 11).execute();
    expect(await verify(s)).toMatchObject({ ok: false, break: { problem: 'edited', seq: 11 } });
  });

  it.skipIf(!available)(
    'names a record rewritten with a valid hash: the next one no longer follows it',
    async () => {
      const s = await chained();
      const row = await recordAt(s, 30);
      const forged = execOf(s).appendRecord(
        { seq: 29, hash: row.prev },
        { at: row.at, actor: 'mallory', type: row.type, data: JSON.parse(row.data) },
      );
      await s.db
        .updateTable('audit_records')
        .set({ actor: forged.actor, hash: forged.hash })
        .where('seq', '=', 30)
        .execute();
      expect(await verify(s)).toMatchObject({ ok: false, break: { problem: 'wrong-prev', seq: 31 } });
    },
  );

  it.skipIf(!available)('verifies an empty chain', async () => {
    target = await fresh({ migrated: true });
    store = await openStore(target.opts);
    expect(await verify(store)).toMatchObject({ ok: true, length: 0, seen: [] });
  });

  it.skipIf(!available || name !== 'postgres')(
    'shares its snapshot: other connections read ranges as it sees them, not what commits meanwhile',
    async () => {
      const s = await chained();
      const seen = await inAuditSnapshot(
        execOf(s),
        async (snap) => {
          expect(snap).toMatchObject({ head: { length: N }, last: N, shared: expect.any(String) });
          // Committed on other connections while the snapshot is open.
          await inTransaction(s.db, (tx) =>
            appendAudit({ ...execOf(s), db: tx }, [{ actor: 'late', type: 'x', data: {} }]),
          );
          await sql`update audit_records set actor = 'mallory' where seq = 12`.execute(s.db);
          const rows: AuditRow[] = [];
          for (const range of [
            { from: 1, to: 10 },
            { from: 11, to: 1000 },
          ])
            await readAuditRange(s.db, snap.shared!, range, (r) => rows.push(r) > 0, 3);
          expect(await snap.hashAt(N)).toBe(rows.at(-1)!.hash);
          expect(await snap.hashAt(N + 1)).toBeNull();
          return rows;
        },
        { share: true },
      );
      expect(seen.map((r) => r.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      expect(seen.find((r) => r.seq === 12)?.actor).not.toBe('mallory');
      await expect(
        readAuditRange(s.db, "x'; drop table audit_records; --", { from: 1, to: 2 }, () => true),
      ).rejects.toThrow(/not a snapshot id/);
    },
  );
});
