import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuditEntryInput,
  appendAudit,
  auditHead,
  type ExecDb,
  inTransaction,
  openStore,
  readAudit,
  type Store,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from './backends.js';
import { type HeldStore, kill9, startChild } from './child.js';
import { allAudit, execOf, verifyStored } from './execution-helpers.js';

// Audit records are added as pending in the state change's transaction and chained by whichever
// transaction holds the head. These tests hold the head on purpose (Postgres: another connection) to
// see records wait, then check that each is chained exactly once, in the order of sealing.
const suites = await backends('audit sealing');

const entry = (n: number, actor = 'agent-1'): AuditEntryInput => ({
  actor,
  type: 'attempt-completed',
  data: { n, note: n % 2 ? 'é\nline' : 'plain' },
});
const numbers = (records: { data: unknown }[]) => records.map((r) => (r.data as { n: number }).n);

async function pendingCount(s: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_pending`.execute(s.db);
  return rows[0]!.n;
}

/** Appends in a transaction of its own and commits. */
const append = (x: ExecDb, entries: AuditEntryInput[]) =>
  inTransaction(x.db, (tx) => appendAudit({ ...x, db: tx }, entries));

/** A transaction that runs `first`, then stays open until released; `done` is its commit. */
function held(x: ExecDb, first: (tx: ExecDb) => Promise<unknown>) {
  let release = () => {};
  let ready = () => {};
  const started = new Promise<void>((r) => {
    ready = r;
  });
  const done = x.db.transaction().execute(async (tx) => {
    await first({ ...x, db: tx });
    ready();
    await new Promise<void>((r) => {
      release = r;
    });
  });
  return { started, done, release: () => release() };
}

describe.each(suites)('audit sealing on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  const open: Store[] = [];
  const children: HeldStore[] = [];

  async function openFresh(): Promise<{ s: Store; x: ExecDb }> {
    target = await fresh({ migrated: true });
    const s = await openStore(target.opts);
    open.push(s);
    return { s, x: execOf(s) };
  }

  afterEach(async () => {
    for (const c of children.splice(0)) await kill9(c);
    for (const s of open.splice(0)) await s.close();
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  it.skipIf(!available)('chains each change with its commit when the head is free', async () => {
    const { s, x } = await openFresh();
    for (let n = 1; n <= 5; n++) {
      await append(x, [entry(n), entry(n + 100)]);
      expect(await pendingCount(s)).toBe(0);
    }
    const head = await s.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    expect(head.seq).toBe(10);
    const records = await allAudit(s);
    expect(numbers(records)).toEqual([1, 101, 2, 102, 3, 103, 4, 104, 5, 105]);
    expect(records.every((r, i) => i === 0 || r.at >= records[i - 1]!.at)).toBe(true);
    expect(await verifyStored(s)).toMatchObject({ ok: true, length: 10, head: head.hash });
  });

  it.skipIf(!available)('chains several appends of one transaction in their order', async () => {
    const { s, x } = await openFresh();
    await inTransaction(s.db, async (tx) => {
      await appendAudit({ ...x, db: tx }, [entry(1)]);
      await appendAudit({ ...x, db: tx }, [entry(2), entry(3)]);
      await appendAudit({ ...x, db: tx }, [entry(4)]);
    });
    expect(await pendingCount(s)).toBe(0);
    expect(numbers(await allAudit(s))).toEqual([1, 2, 3, 4]);
    expect(await verifyStored(s)).toMatchObject({ ok: true, length: 4 });
  });

  it.skipIf(!available)('leaves nothing pending or chained from a transaction rolled back', async () => {
    const { s, x } = await openFresh();
    await append(x, [entry(1)]);
    const before = await auditHead(x);
    await expect(
      inTransaction(s.db, async (tx) => {
        await appendAudit({ ...x, db: tx }, [entry(2), entry(3)]);
        throw new Error('the change failed after its audit record');
      }),
    ).rejects.toThrow('the change failed');
    expect(await pendingCount(s)).toBe(0);
    expect(await auditHead(x)).toEqual(before);
    expect(numbers(await allAudit(s))).toEqual([1]);
  });

  it.skipIf(!available)('refuses data the chain cannot hold with the change, not when chaining', async () => {
    const { s, x } = await openFresh();
    await expect(append(x, [{ actor: 'a', type: 't', data: { bad: Number.NaN } }])).rejects.toThrow();
    expect(await pendingCount(s)).toBe(0);
    await append(x, [entry(1)]);
    expect(await verifyStored(s)).toMatchObject({ ok: true, length: 1 });
  });

  it.skipIf(!available)(
    'rolls back a crashed sealer: what it chained is pending again, and chained by the next reader',
    async () => {
      const { s } = await openFresh();
      const where = name === 'postgres' ? (target!.opts as { url: string }).url : target!.opts.dataDir!;
      if (name === 'pglite') {
        // The child needs the embedded store to itself.
        await s.close();
        open.splice(0);
      }
      const child = await startChild('exec-seal-crash', [where]);
      children.push(child);
      await kill9(child);

      const after = name === 'pglite' ? await openStore(target!.opts) : s;
      if (after !== s) open.push(after);
      // The killed transaction's own record is gone; the two it had chained are pending again.
      expect(await pendingCount(after)).toBe(2);
      const head = await after.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
      expect(head.seq).toBe(1);
      const records = await allAudit(after);
      expect(numbers(records)).toEqual([1, 2, 3]);
      expect(await pendingCount(after)).toBe(0);
      expect(await verifyStored(after)).toMatchObject({ ok: true, length: 3 });
    },
    60_000,
  );

  describe.skipIf(name !== 'postgres' || !available)('with the head held by another transaction', () => {
    it('leaves records pending, then chains each exactly once in the order of sealing', async () => {
      const { s, x } = await openFresh();
      // A takes the head with its own record and keeps it; B and C add theirs meanwhile.
      const a = held(x, (tx) => appendAudit(tx, [entry(1)]));
      await a.started;
      const b = held(x, (tx) => appendAudit(tx, [entry(2), entry(3)]));
      await b.started;
      await append(x, [entry(4)]);
      // Nobody waited for A: C committed, its record pending.
      expect(await pendingCount(s)).toBe(1);
      a.release();
      await a.done;
      // D chains what has committed (C's) with its own; B has not committed yet, so its records wait.
      await append(x, [entry(5)]);
      expect(await pendingCount(s)).toBe(0);
      b.release();
      await b.done;
      expect(await pendingCount(s)).toBe(2);
      const records = await allAudit(s);
      expect(numbers(records)).toEqual([1, 4, 5, 2, 3]);
      expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await pendingCount(s)).toBe(0);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 5 });
    });

    it('a transaction that finds the head taken, then free, chains its earlier records first', async () => {
      const { s, x } = await openFresh();
      const holder = held(x, (tx) => sql`select seq from audit_head for update`.execute(tx.db));
      await holder.started;
      await append(x, [entry(1)]);
      let go = () => {};
      const later = new Promise<void>((r) => {
        go = r;
      });
      let first = () => {};
      const added = new Promise<void>((r) => {
        first = r;
      });
      const change = inTransaction(s.db, async (tx) => {
        await appendAudit({ ...x, db: tx }, [entry(2)]);
        first();
        await later;
        await appendAudit({ ...x, db: tx }, [entry(3)]);
      });
      await added;
      holder.release();
      await holder.done;
      go();
      await change;
      expect(await pendingCount(s)).toBe(0);
      expect(numbers(await allAudit(s))).toEqual([1, 2, 3]);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 3 });
    });

    it('a sealer that rolls back leaves what it chained pending', async () => {
      const { s, x } = await openFresh();
      const holder = held(x, (tx) => sql`select seq from audit_head for update`.execute(tx.db));
      await holder.started;
      await append(x, [entry(1)]);
      holder.release();
      await holder.done;
      await expect(
        inTransaction(s.db, async (tx) => {
          await appendAudit({ ...x, db: tx }, [entry(2)]);
          throw new Error('the change failed after chaining');
        }),
      ).rejects.toThrow('the change failed');
      expect(await pendingCount(s)).toBe(1);
      expect(await s.db.selectFrom('audit_records').select('seq').execute()).toEqual([]);
      expect(numbers(await allAudit(s))).toEqual([1]);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 1 });
    });

    it('a reader waits for the head and sees every change committed before it', async () => {
      const { x } = await openFresh();
      const a = held(x, (tx) => appendAudit(tx, [entry(1)]));
      await a.started;
      await append(x, [entry(2)]);
      const reading = auditHead(x);
      let read = false;
      void reading.then(() => {
        read = true;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(read).toBe(false);
      a.release();
      await a.done;
      expect((await reading).length).toBe(2);
      expect(numbers(await readAudit(x))).toEqual([1, 2]);
    });

    it('chains an edit made to a pending record: pending records are not tamper-evident', async () => {
      const { s, x } = await openFresh();
      const holder = held(x, (tx) => sql`select seq from audit_head for update`.execute(tx.db));
      await holder.started;
      await append(x, [entry(1, 'lead')]);
      await sql`update audit_pending set actor = 'mallory'`.execute(s.db);
      holder.release();
      await holder.done;
      // Chained as edited: nothing recorded what it said before it was chained.
      expect((await allAudit(s)).map((r) => r.actor)).toEqual(['mallory']);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 1 });
      // Once chained, the same edit is found.
      await sql`update audit_records set actor = 'lead'`.execute(s.db);
      expect(await verifyStored(s)).toMatchObject({ ok: false, break: { problem: 'edited', seq: 1 } });
    });

    it('chains every record of many connections appending at once, each once, in one valid chain', async () => {
      const { s } = await openFresh();
      const CONNECTIONS = 8;
      const TRANSACTIONS = 40;
      const stores = await Promise.all(Array.from({ length: CONNECTIONS }, () => openStore(target!.opts)));
      open.push(...stores);
      let leftPending = 0;
      await Promise.all(
        stores.map(async (e, c) => {
          const ex = execOf(e);
          for (let t = 0; t < TRANSACTIONS; t++) {
            const size = 1 + ((c + t) % 3);
            const entries = Array.from({ length: size }, (_, k) => ({
              actor: `agent-${c}`,
              type: 'attempt-completed',
              data: { c, t, k },
            }));
            await append(ex, entries);
            if (t % 10 === 9) leftPending = Math.max(leftPending, await pendingCount(e));
          }
        }),
      );
      const records = await allAudit(s);
      const expected = Array.from({ length: CONNECTIONS }, (_, c) =>
        Array.from({ length: TRANSACTIONS }, (_, t) => 1 + ((c + t) % 3)).reduce((a, b) => a + b, 0),
      ).reduce((a, b) => a + b, 0);
      expect(records).toHaveLength(expected);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      const keys = records.map((r) => JSON.stringify(r.data));
      expect(new Set(keys).size).toBe(expected);
      // A transaction's records stay in their order, and each connection's transactions in theirs.
      const last = new Map<number, [number, number]>();
      for (const r of records) {
        const { c, t, k } = r.data as { c: number; t: number; k: number };
        const [pt, pk] = last.get(c) ?? [-1, -1];
        expect(t > pt || (t === pt && k === pk + 1)).toBe(true);
        last.set(c, [t, k]);
      }
      expect(await pendingCount(s)).toBe(0);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: expected });
      console.log(`audit sealing: ${expected} records, at most ${leftPending} seen pending at once`);
    }, 120_000);
  });
});
