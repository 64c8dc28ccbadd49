import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/execution/canonical-json.js';
import { attemptFacts } from '../../../src/ports/store/execution/facts.js';
import {
  type Attempt,
  addWorkItem,
  claimAttempt,
  completeAttempt,
  type ExecDb,
  enqueueAttempt,
  inTransaction,
  listenPostgres,
  openStore,
  type Store,
  sealCommitted,
} from '../../../src/ports/store/index.js';
import { backends } from './backends.js';
import { allAudit, execOf, freshStores, verifyStored } from './execution-helpers.js';

// On Postgres a claim and a completion are one statement each, their audit record's data built by
// the database and left pending for the executors' sealer. What the records say must be what
// attemptFacts says about the same rows, and the chain they end up in must verify.
const suites = await backends('claim and completion records');
const PLAN = 'acme/widgets';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pendingCount(s: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_pending`.execute(s.db);
  return rows[0]!.n;
}

async function chainedCount(s: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::integer as n from audit_records`.execute(s.db);
  return rows[0]!.n;
}

async function queue(x: ExecDb, issue: number): Promise<void> {
  const w = await addWorkItem(x, { planKey: PLAN, issueNumber: issue, workflowRef: 'wf@1', actor: 'lead' });
  await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [issue], actor: 'lead' });
}

describe.each(suites)('claim and completion records on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)(
    'records what attemptFacts says about each row, in a chain that verifies',
    async () => {
      const { s, x } = await openFresh();
      // Executor ids JSON must escape, and exit codes present, zero and absent.
      const executors = ['agent-1', 'agent "ü"\n\t\u0001\\', 'ünï 🐙'];
      const exits = [0, 7, undefined];
      for (let i = 1; i <= 3; i++) await queue(x, i);
      const claimed: Attempt[] = [];
      const completed: Attempt[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await claimAttempt(x, { planKey: PLAN, executorId: executors[i]!, leaseMs: 61_234 });
        claimed.push(c!);
      }
      for (let i = 0; i < 3; i++) {
        const c = claimed[i]!;
        const exitCode = exits[i];
        completed.push(
          await completeAttempt(x, {
            attemptId: c.id,
            token: c.fencing_token!,
            ...(exitCode === undefined ? {} : { exitCode }),
          }),
        );
      }
      const records = await allAudit(s);
      const of = (type: string) => records.filter((r) => r.type === type);
      expect(of('attempt-claimed').map((r) => r.data)).toEqual(claimed.map(attemptFacts));
      expect(of('attempt-claimed').map((r) => r.actor)).toEqual(executors);
      expect(of('attempt-completed').map((r) => r.data)).toEqual(completed.map(attemptFacts));
      expect(of('attempt-completed').map((r) => r.actor)).toEqual(executors);
      for (const r of records) expect(r.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Stored as the canonical text that was hashed.
      const stored = await s.db.selectFrom('audit_records').select(['seq', 'data']).orderBy('seq').execute();
      for (const [i, r] of stored.entries()) expect(r.data).toBe(canonicalJson(records[i]!.data));
      expect(await pendingCount(s)).toBe(0);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 12 });
    },
  );

  it.skipIf(!available)(
    'redacts a secret set after the statements were first run from what they write',
    async () => {
      const { s, x } = await openFresh();
      for (let i = 1; i <= 2; i++) await queue(x, i);
      const first = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
      await completeAttempt(x, { attemptId: first.id, token: first.fencing_token! });
      const secret = 'claim-secret-value-4321';
      process.env.PT_TEST_CLAIM_TOKEN = secret;
      try {
        const c = (await claimAttempt(x, { planKey: PLAN, executorId: `agent ${secret}`, leaseMs: 60_000 }))!;
        expect(c.executor_id).toBe('agent [REDACTED]');
        const done = await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
        expect(done.executor_id).toBe('agent [REDACTED]');
        const stored = await sql<{ t: string }>`select
          (select coalesce(json_agg(a)::text, '') from attempts a) ||
          (select coalesce(json_agg(p)::text, '') from audit_pending p) ||
          (select coalesce(json_agg(r)::text, '') from audit_records r) as t`.execute(s.db);
        expect(stored.rows[0]!.t).toContain('agent [REDACTED]');
        expect(stored.rows[0]!.t).not.toContain(secret);
        const records = await allAudit(s);
        expect(records.filter((r) => r.actor === 'agent [REDACTED]').map((r) => r.type)).toEqual([
          'attempt-claimed',
          'attempt-completed',
        ]);
        expect(JSON.stringify(records)).not.toContain(secret);
        expect(await verifyStored(s)).toMatchObject({ ok: true });
      } finally {
        delete process.env.PT_TEST_CLAIM_TOKEN;
      }
    },
  );

  it.skipIf(!available)('refuses a stale completion and leaves nothing pending or chained', async () => {
    const { s, x } = await openFresh();
    await queue(x, 1);
    const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
    await verifyStored(s);
    const before = await s.db.selectFrom('attempts').selectAll().execute();
    await expect(completeAttempt(x, { attemptId: c.id, token: c.fencing_token! + 1 })).rejects.toMatchObject({
      code: 'work/stale-token',
    });
    await expect(completeAttempt(x, { attemptId: c.id + 1, token: c.fencing_token! })).rejects.toThrow(
      'does not exist',
    );
    expect(await pendingCount(s)).toBe(0);
    expect(await chainedCount(s)).toBe(3);
    expect(await s.db.selectFrom('attempts').selectAll().execute()).toEqual(before);
  });

  it.skipIf(name !== 'pglite' || !available)('chains each change with its commit on PGlite', async () => {
    const { s, x } = await openFresh();
    await queue(x, 1);
    const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
    expect(await pendingCount(s)).toBe(0);
    await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
    expect(await pendingCount(s)).toBe(0);
    expect(await chainedCount(s)).toBe(4);
  });

  it.skipIf(name !== 'postgres' || !available)(
    'leaves the records pending while the head is held, and the sealer chains them without a reader',
    async () => {
      const { s, x } = await openFresh();
      await queue(x, 1);
      await queue(x, 2);
      await verifyStored(s);
      let release = () => {};
      let held = () => {};
      const holding = new Promise<void>((r) => {
        held = r;
      });
      const holder = s.db.transaction().execute(async (tx) => {
        await sql`select seq from audit_head for update`.execute(tx);
        held();
        await new Promise<void>((r) => {
          release = r;
        });
      });
      await holding;
      const a = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
      await completeAttempt(x, { attemptId: a.id, token: a.fencing_token! });
      // Inside a caller's transaction the record is appended there, and waits like the others.
      await inTransaction(s.db, (tx) =>
        claimAttempt({ ...x, db: tx }, { planKey: PLAN, executorId: 'agent-2', leaseMs: 60_000 }),
      );
      // The sealer tries again and again while the head is taken; nobody waits.
      await sleep(200);
      expect(await pendingCount(s)).toBe(3);
      expect(await chainedCount(s)).toBe(4);
      release();
      await holder;
      for (let i = 0; i < 100 && (await pendingCount(s)) > 0; i++) await sleep(50);
      expect(await pendingCount(s)).toBe(0);
      expect(await chainedCount(s)).toBe(7);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 7 });
    },
    60_000,
  );

  it.skipIf(name !== 'postgres' || !available)(
    "in a caller's transaction, leaves the records pending until it commits, then chains them",
    async () => {
      const { s, x } = await openFresh();
      await queue(x, 1);
      await verifyStored(s);
      const { claimed, done } = await inTransaction(s.db, async (tx) => {
        const within = { ...x, db: tx };
        const claimed = (await claimAttempt(within, {
          planKey: PLAN,
          executorId: 'agent-1',
          leaseMs: 60_000,
        }))!;
        const done = await completeAttempt(within, { attemptId: claimed.id, token: claimed.fencing_token! });
        // Nothing of the change is visible outside before it commits, its records included.
        expect(await pendingCount(s)).toBe(0);
        return { claimed, done };
      });
      expect(await pendingCount(s)).toBe(2);
      expect(await chainedCount(s)).toBe(2);
      await sealCommitted(x);
      for (let i = 0; i < 100 && (await pendingCount(s)) > 0; i++) await sleep(20);
      expect(await pendingCount(s)).toBe(0);
      const records = await allAudit(s);
      expect(records.slice(2).map((r) => [r.type, r.data])).toEqual([
        ['attempt-claimed', attemptFacts(claimed)],
        ['attempt-completed', attemptFacts(done)],
      ]);
      expect(await verifyStored(s)).toMatchObject({ ok: true, length: 4 });
    },
  );

  it.skipIf(name !== 'postgres' || !available)(
    'chains what a process left pending when its store closes',
    async () => {
      const target = await fresh();
      const watcher = await openStore(target.opts);
      try {
        const s = await openStore(target.opts);
        const x = execOf(s);
        await queue(x, 1);
        await verifyStored(s);
        const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
        await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
        await s.close();
        // Closed before its sealer's timer: the records were chained by the close, not left for others.
        expect(await pendingCount(watcher)).toBe(0);
        expect(await chainedCount(watcher)).toBe(4);
        await sleep(100);
        expect(await verifyStored(watcher)).toMatchObject({ ok: true, length: 4 });
      } finally {
        await watcher.close();
        await target.cleanup();
      }
    },
  );

  it.skipIf(name !== 'postgres' || !available)(
    'tells listeners of a claim and a completion once their records are chained',
    async () => {
      const target = await fresh();
      let heard = 0;
      const listener = await listenPostgres(target.opts.url!, () => heard++);
      try {
        const s = await openStore(target.opts);
        const x = execOf(s);
        await queue(x, 1);
        await verifyStored(s);
        const before = heard;
        const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
        await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
        for (let i = 0; i < 100 && (heard === before || (await pendingCount(s)) > 0); i++) await sleep(20);
        expect(await pendingCount(s)).toBe(0);
        expect(heard).toBeGreaterThan(before);
        await s.close();
      } finally {
        await listener.close();
        await target.cleanup();
      }
    },
  );
});
