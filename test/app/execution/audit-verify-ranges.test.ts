import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rangesOf, verifyRange } from '../../../src/app/execution/audit-verify-range.js';
import { type RangeOptions, verifyAudit } from '../../../src/app/execution/index.js';
import {
  ChainVerifier,
  type Checkpoint,
  GENESIS,
  type VerifyResult,
} from '../../../src/domain/execution/index.js';
import {
  type AuditRow,
  appendAudit,
  inTransaction,
  openStore,
  type Store,
  verifyStoredAudit,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from '../../ports/store/backends.js';
import { execOf } from '../../ports/store/execution-helpers.js';

// `audit verify` checks a long chain on Postgres in ranges side by side, then verifies in order from the
// first range not intact. Whatever the damage, and wherever it sits against the ranges' boundaries, the
// result must be the one a verification from the first record gives, byte for byte. 40 records in 4
// ranges: 1-10, 11-20, 21-30, 31-40.
vi.setConfig({ testTimeout: 120_000 });
const suites = await backends('audit verify in ranges');
const N = 40;
const WORKER = new URL('../../../dist/audit-verify-worker.js', import.meta.url);

type Damage = (s: Store, rows: AuditRow[]) => Promise<unknown>;
const edit =
  (seq: number): Damage =>
  (s) =>
    sql`update audit_records set actor = 'mallory' where seq = ${seq}`.execute(s.db);
const remove =
  (from: number, to = from): Damage =>
  (s) =>
    s.db.deleteFrom('audit_records').where('seq', '>=', from).where('seq', '<=', to).execute();
// Record `seq` re-hashed with new content: the next record no longer follows it.
const forge =
  (seq: number): Damage =>
  async (s, rows) => {
    const row = rows[seq - 1]!;
    const forged = execOf(s).appendRecord(
      { seq: seq - 1, hash: row.prev },
      { at: row.at, actor: 'mallory', type: row.type, data: JSON.parse(row.data) },
    );
    await s.db
      .updateTable('audit_records')
      .set({ actor: forged.actor, hash: forged.hash })
      .where('seq', '=', seq)
      .execute();
  };
const swap =
  (a: number, b: number): Damage =>
  async (s) => {
    for (const [from, to] of [
      [a, 1_000_000],
      [b, a],
      [1_000_000, b],
    ] as const)
      await s.db.updateTable('audit_records').set({ seq: to }).where('seq', '=', from).execute();
  };
// The tail cut and the head row moved back with it: only a checkpoint kept elsewhere finds it.
const cutWithHead =
  (keep: number): Damage =>
  async (s, rows) => {
    await remove(keep + 1, N)(s, rows);
    await s.db
      .updateTable('audit_head')
      .set({ seq: keep, hash: rows[keep - 1]!.hash })
      .execute();
  };
// A record appended, its chain intact, without the head row moving.
const beyondHead: Damage = async (s, rows) => {
  const last = rows[N - 1]!;
  const r = execOf(s).appendRecord(last, {
    at: last.at,
    actor: 'agent-9',
    type: 'extra',
    data: { n: N + 1 },
  });
  await s.db
    .insertInto('audit_records')
    .values({ ...r, data: JSON.stringify(r.data) })
    .execute();
};

const DAMAGES: [string, Damage | null][] = [
  ['nothing', null],
  ['the first record edited', edit(1)],
  ['the last record edited', edit(N)],
  ['the last record of a range edited', edit(10)],
  ['the first record of a range edited', edit(11)],
  ['the first record of the last range edited', edit(31)],
  ['the first record deleted', remove(1)],
  ['the last record deleted', remove(N)],
  ['the last record of a range deleted', remove(10)],
  ['the first record of a range deleted', remove(21)],
  ['records across a boundary deleted', remove(20, 21)],
  ['records across three ranges deleted', remove(9, 32)],
  ['the tail deleted from a boundary', remove(31, N)],
  ["a range's last record re-hashed", forge(30)],
  ["a range's first record re-hashed", forge(11)],
  ['records swapped across a boundary', swap(10, 11)],
  ['the tail cut with the head row', cutWithHead(30)],
  ['a record beyond the head row', beyondHead],
];

// Which of the 4 ranges each damage leaves intact: a range only sees its own records and the stored
// hash of the one before.
const INTACT: Record<string, string> = {
  nothing: 'yyyy',
  'the first record edited': 'nyyy',
  'the last record edited': 'yyyn',
  'the last record of a range edited': 'nyyy',
  'the first record of a range edited': 'ynyy',
  'the first record of the last range edited': 'yyyn',
  'the first record deleted': 'nyyy',
  'the last record deleted': 'yyyy',
  'the last record of a range deleted': 'nnyy',
  'the first record of a range deleted': 'yyny',
  'records across a boundary deleted': 'ynny',
  'records across three ranges deleted': 'nnnn',
  'the tail deleted from a boundary': 'yyyy',
  "a range's last record re-hashed": 'yyyn',
  "a range's first record re-hashed": 'ynyy',
  'records swapped across a boundary': 'nnyy',
  'the tail cut with the head row': 'yyyy',
  'a record beyond the head row': 'yyyy',
};

describe.each(suites)('verifyAudit in ranges on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  let store: Store | undefined;

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  async function chained(): Promise<{ s: Store; rows: AuditRow[] }> {
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
            data: { n: i + k, note: k % 2 ? 'line\nbreak' : 'é' },
          })),
        ),
      );
    const rows = await s.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    return { s, rows };
  }

  async function restore(s: Store, rows: AuditRow[]): Promise<void> {
    await s.db.deleteFrom('audit_records').execute();
    await s.db.insertInto('audit_records').values(rows).execute();
    await s.db
      .updateTable('audit_head')
      .set({ seq: N, hash: rows[N - 1]!.hash })
      .execute();
  }

  /** The result of the verification in one pass from the first record, as before ranges. */
  async function inOnePass(s: Store, checkpoint?: Checkpoint): Promise<VerifyResult> {
    return verifyStoredAudit(execOf(s), {
      batch: 7,
      verifier: (head) => {
        const stored = new ChainVerifier(head);
        const kept = checkpoint ? new ChainVerifier(checkpoint) : null;
        return {
          addStored(r: AuditRow) {
            if (!stored.addStored(r)) return false;
            kept?.addStored(r);
            return true;
          },
          result() {
            const r = stored.result();
            return !r.ok || !kept ? r : kept.result();
          },
        };
      },
    });
  }

  async function expectSameEverywhere(s: Store, rows: AuditRow[], ranges: RangeOptions): Promise<void> {
    const checkpoints: (Checkpoint | undefined)[] = [
      undefined,
      { length: N, head: rows[N - 1]!.hash },
      { length: 25, head: rows[24]!.hash },
      { length: 10, head: rows[9]!.hash },
      { length: 0, head: GENESIS },
    ];
    for (const [what, damage] of DAMAGES) {
      await restore(s, rows);
      await damage?.(s, rows);
      for (const checkpoint of checkpoints) {
        const want = await inOnePass(s, checkpoint);
        let intact = '';
        const got = await verifyAudit(execOf(s), {
          ...ranges,
          batch: 3,
          ...(checkpoint ? { checkpoint } : {}),
          onRanges: (outs) => {
            intact = outs.map((o) => (o.intact ? 'y' : 'n')).join('');
          },
        });
        expect({ what, checkpoint, got }).toEqual({ what, checkpoint, got: want });
        if (ranges.url) expect({ what, intact }).toEqual({ what, intact: INTACT[what] });
      }
    }
  }

  it.skipIf(!available)('gives the one-pass result for every damage, wherever it sits', async () => {
    const { s, rows } = await chained();
    if (name === 'pglite') {
      // One connection, no exported snapshot: the chain is read in one pass.
      await expectSameEverywhere(s, rows, {});
      return;
    }
    const url = (target!.opts as { url: string }).url;
    await expectSameEverywhere(s, rows, { url, ranges: 4, minRecords: 0, worker: null });
    // Ranges of one record each, and more ranges than records.
    await restore(s, rows);
    await remove(17)(s, rows);
    for (const ranges of [N, N + 3, 2, 3]) {
      const got = await verifyAudit(execOf(s), { url, ranges, minRecords: 0, worker: null });
      expect(got).toEqual(await inOnePass(s));
    }
  });

  it.skipIf(!available || name !== 'postgres' || !existsSync(WORKER))(
    'gives the same results with the ranges checked in worker threads (dist/, built)',
    async () => {
      const { s, rows } = await chained();
      const url = (target!.opts as { url: string }).url;
      for (const [what, damage] of DAMAGES.filter(([w]) => /nothing|range|boundary/.test(w))) {
        await restore(s, rows);
        await damage?.(s, rows);
        let intact = '';
        const got = await verifyAudit(execOf(s), {
          url,
          ranges: 4,
          minRecords: 0,
          worker: WORKER,
          onRanges: (outs) => {
            intact = outs.map((o) => (o.intact ? 'y' : 'n')).join('');
          },
        });
        expect({ what, got }).toEqual({ what, got: await inOnePass(s) });
        // The ranges were checked by the workers, not all taken as not intact for a failed worker.
        expect({ what, intact }).toEqual({ what, intact: INTACT[what] });
      }
    },
  );
});

describe('a range checked on its own', () => {
  it('splits a chain into near equal ranges covering every record once', () => {
    expect(rangesOf(10, 3)).toEqual([
      { from: 1, to: 3 },
      { from: 4, to: 6 },
      { from: 7, to: 10 },
    ]);
    expect(rangesOf(2, 4)).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
    ]);
    expect(rangesOf(0, 2)).toEqual([]);
  });

  it('is not intact when the record before it is missing, or it has none', async () => {
    const none = await verifyRange({ from: 5, to: 8 }, async () => {});
    expect(none).toEqual({ range: { from: 5, to: 8 }, intact: false, head: null });
  });
});
