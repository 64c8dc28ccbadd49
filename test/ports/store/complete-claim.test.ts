import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { attemptFacts } from '../../../src/ports/store/execution/facts.js';
import {
  type Attempt,
  addWorkItem,
  claimAttempt,
  completeAndClaim,
  type ExecDb,
  enqueueAttempt,
  inTransaction,
  type Store,
} from '../../../src/ports/store/index.js';
import { backends } from './backends.js';
import { allAudit, freshStores, verifyStored } from './execution-helpers.js';

// An executor's completion and its next claim as one call: the same as completeAttempt then
// claimAttempt in one transaction (rows, records and their order, the refusal of a stale token),
// which on Postgres is one statement.
const suites = await backends('complete and claim');
const PLAN = 'acme/widgets';
const next = (executorId: string) => ({ planKey: PLAN, executorId, leaseMs: 60_000 });

async function queue(x: ExecDb, issue: number, plan = PLAN): Promise<void> {
  const w = await addWorkItem(x, { planKey: plan, issueNumber: issue, workflowRef: 'wf@1', actor: 'lead' });
  await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [issue], actor: 'lead' });
}

const attempts = (s: Store) => s.db.selectFrom('attempts').selectAll().orderBy('id').execute();

async function auditRows(s: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select
    (select count(*) from audit_pending)::integer + (select count(*) from audit_records)::integer as n`.execute(
    s.db,
  );
  return rows[0]!.n;
}

describe.each(suites)('completeAndClaim on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  /** A store with one attempt claimed and one queued, all chained; `unchanged` checks it still is. */
  async function oneClaimedOneQueued() {
    const { s, x } = await openFresh();
    await queue(x, 1);
    await queue(x, 2);
    const c = (await claimAttempt(x, next('agent-1')))!;
    await verifyStored(s);
    const before = await attempts(s);
    const written = await auditRows(s);
    const unchanged = async () => {
      expect(await attempts(s)).toEqual(before);
      expect(await auditRows(s)).toBe(written);
    };
    return { s, x, c, unchanged };
  }

  it.skipIf(!available)(
    'completes, then claims the next attempt in schedule order, recorded in that order',
    async () => {
      const { s, x } = await openFresh();
      // Queued out of schedule order, and one of another plan that must not be claimed.
      await queue(x, 3);
      await queue(x, 1, 'acme/other');
      await queue(x, 2);
      const first = (await claimAttempt(x, next('agent-1')))!;
      expect(first).toMatchObject({ step_key: 'implement', status: 'running' });
      const r = await completeAndClaim(x, {
        attemptId: first.id,
        token: first.fencing_token!,
        exitCode: 3,
        next: next('agent-1'),
      });
      expect(r.completed).toMatchObject({
        id: first.id,
        status: 'completed',
        exit_code: 3,
        executor_id: 'agent-1',
      });
      expect(r.next).toMatchObject({ status: 'running', executor_id: 'agent-1' });
      expect(r.next!.fencing_token).toBeGreaterThan(first.fencing_token!);
      const rows = await attempts(s);
      expect(rows.find((a) => a.id === r.next!.id)).toEqual(r.next);
      expect(rows.find((a) => a.id === first.id)).toEqual(r.completed);
      const last = await completeAndClaim(x, {
        attemptId: r.next!.id,
        token: r.next!.fencing_token!,
        next: next('agent-1'),
      });
      expect(last.next).toBeNull();
      // The first claim took issue 2's attempt (sort key [2]) before issue 3's.
      const issues = await s.db
        .selectFrom('attempts as a')
        .innerJoin('work_items as w', 'w.id', 'a.work_item_id')
        .select(['w.issue_number', 'a.status', 'a.id'])
        .orderBy('a.id')
        .execute();
      expect(issues.map((i) => [i.issue_number, i.status])).toEqual([
        [3, 'completed'],
        [1, 'queued'],
        [2, 'completed'],
      ]);
      expect(first.id).toBe(issues[2]!.id);
      const records = (await allAudit(s)).filter(
        (a) => a.type.startsWith('attempt-') && a.type !== 'attempt-queued',
      );
      expect(records.map((a) => [a.type, a.actor, a.data])).toEqual(
        [
          ['attempt-claimed', first],
          ['attempt-completed', r.completed],
          ['attempt-claimed', r.next!],
          ['attempt-completed', last.completed],
        ].map(([type, a]) => [type, 'agent-1', attemptFacts(a as Attempt)]),
      );
      expect(await verifyStored(s)).toMatchObject({ ok: true });
    },
  );

  it.skipIf(!available)(
    'claims what `between` queued after the completion, and chains the records without a reader',
    async () => {
      const { s, x } = await openFresh();
      await queue(x, 5);
      await queue(x, 9);
      const first = (await claimAttempt(x, next('agent-1')))!;
      const r = await completeAndClaim(
        x,
        { attemptId: first.id, token: first.fencing_token!, next: next('agent-1') },
        async (tx, completed) => {
          expect(completed.status).toBe('completed');
          // Queued ahead of issue 9's attempt in schedule order: a claim after this must take it.
          await queue(tx, 1);
        },
      );
      const items = await s.db
        .selectFrom('work_items')
        .select(['id', 'issue_number'])
        .where('id', '=', r.next!.work_item_id)
        .execute();
      expect(items.map((i) => i.issue_number)).toEqual([1]);
      const types = (await allAudit(s)).map((a) => a.type).filter((t) => t.startsWith('attempt-'));
      expect(types.slice(-4)).toEqual([
        'attempt-claimed',
        'attempt-completed',
        'attempt-queued',
        'attempt-claimed',
      ]);
      // On Postgres the records were pending: the process's sealer chains them with no one reading.
      const pending = async () =>
        (await sql<{ n: number }>`select count(*)::integer as n from audit_pending`.execute(s.db)).rows[0]!.n;
      for (let i = 0; i < 100 && (await pending()) > 0; i++) await new Promise((w) => setTimeout(w, 50));
      expect(await pending()).toBe(0);
      expect(await verifyStored(s)).toMatchObject({ ok: true });
    },
  );

  it.skipIf(!available)('refuses a stale token, claims nothing and writes nothing', async () => {
    const { x, c, unchanged } = await oneClaimedOneQueued();
    await expect(
      completeAndClaim(x, { attemptId: c.id, token: c.fencing_token! + 1, next: next('agent-1') }),
    ).rejects.toMatchObject({ code: 'work/stale-token', message: expect.stringContaining('another token') });
    await expect(
      completeAndClaim(x, { attemptId: c.id + 99, token: c.fencing_token!, next: next('agent-1') }),
    ).rejects.toThrow('does not exist');
    await unchanged();
  });

  it.skipIf(!available)("writes nothing when the caller's transaction rolls back", async () => {
    const { s, x, c, unchanged } = await oneClaimedOneQueued();
    await expect(
      inTransaction(s.db, async (tx) => {
        const r = await completeAndClaim(
          { ...x, db: tx },
          { attemptId: c.id, token: c.fencing_token!, next: next('agent-1') },
        );
        expect(r.next).not.toBeNull();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await unchanged();
  });

  it.skipIf(!available)(
    'gives 8 executors looping on it every attempt once, under distinct tokens, in a chain that verifies',
    async () => {
      const { s, x } = await openFresh();
      const n = 60;
      await inTransaction(s.db, async (tx) => {
        for (let i = 1; i <= n; i++) await queue({ ...x, db: tx }, i);
      });
      const held: Attempt[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, e) => {
          let a = await claimAttempt(x, next(`agent-${e}`));
          while (a) {
            held.push(a);
            a = (
              await completeAndClaim(x, {
                attemptId: a.id,
                token: a.fencing_token!,
                next: next(`agent-${e}`),
              })
            ).next;
          }
        }),
      );
      expect(new Set(held.map((a) => a.id)).size).toBe(n);
      expect(new Set(held.map((a) => a.fencing_token)).size).toBe(n);
      expect((await attempts(s)).every((a) => a.status === 'completed')).toBe(true);
      const records = await allAudit(s);
      // Each executor's records alternate: claimed, completed, claimed, … (its own order kept).
      for (let e = 0; e < 8; e++) {
        const types = records.filter((r) => r.actor === `agent-${e}`).map((r) => r.type);
        expect(types).toEqual(types.map((_, i) => (i % 2 ? 'attempt-completed' : 'attempt-claimed')));
      }
      expect(records.filter((r) => r.type === 'attempt-completed')).toHaveLength(n);
      expect(await verifyStored(s)).toMatchObject({ ok: true });
    },
    60_000,
  );
});
