import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addWorkItem,
  auditHead,
  claimAttempt,
  completeAttempt,
  type ExecDb,
  enqueueAttempt,
  expireLeases,
  failAttempt,
  heartbeat,
  openStore,
  type Store,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { rejectionOf } from '../../helpers/refusal.js';
import { backends, type Target } from './backends.js';
import { allAudit, execOf, verifyStored } from './execution-helpers.js';

const suites = await backends('execution store');
const PLAN = 'acme/widgets';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(suites)('execution store on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  const open: Store[] = [];

  async function openFresh(): Promise<{ s: Store; x: ExecDb }> {
    target = await fresh({ migrated: true });
    const s = await openStore(target.opts);
    open.push(s);
    return { s, x: execOf(s) };
  }

  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  async function item(x: ExecDb, issue: number, plan = PLAN) {
    return addWorkItem(x, {
      planKey: plan,
      issueNumber: issue,
      workflowRef: 'wf-requirement@1.0.0',
      actor: 'lead',
    });
  }

  it.skipIf(!available)(
    'claims ready attempts in schedule order, then step key, within the plan',
    async () => {
      const { x } = await openFresh();
      const a = await item(x, 2);
      const b = await item(x, 3);
      const other = await item(x, 2, 'acme/other');
      const q = (workItemId: number, stepKey: string, sortKey: number[], notBefore?: Date) =>
        enqueueAttempt(x, {
          workItemId,
          stepKey,
          sortKey,
          actor: 'lead',
          ...(notBefore ? { notBefore } : {}),
        });
      // Enqueued out of order on purpose; [1, 10] sorts after [1, 9] (numbers, not text).
      await q(b.id, 'implement', [1, 3, 2]);
      await q(a.id, 'tests', [0, 2, 1]);
      await q(a.id, 'docs', [0, 2, 1]);
      await q(b.id, 'runbook', [1, 10, 1]);
      await q(a.id, 'later', [0, 0, 0], new Date(Date.now() + 3_600_000));
      await q(other.id, 'runbook', [0, 0, 0]);
      await q(b.id, 'review', [1, 9, 1]);
      const got: string[] = [];
      for (;;) {
        const c = await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 });
        if (!c) break;
        expect(c).toMatchObject({ status: 'running', executor_id: 'agent-1', number: 1 });
        expect(c.lease_expires_at!.getTime()).toBeGreaterThan(Date.now() + 50_000);
        got.push(`${c.work_item_id === a.id ? 'a' : 'b'}:${c.step_key}`);
      }
      expect(got).toEqual(['a:docs', 'a:tests', 'b:implement', 'b:review', 'b:runbook']);
      expect((await verifyStored(open[0]!)).ok).toBe(true);
    },
  );

  it.skipIf(!available)(
    'refuses a second live attempt of a step and a second item for an issue',
    async () => {
      const { x } = await openFresh();
      const a = await item(x, 2);
      await enqueueAttempt(x, { workItemId: a.id, stepKey: 'implement', sortKey: [0], actor: 'lead' });
      const e = await rejectionOf(
        enqueueAttempt(x, { workItemId: a.id, stepKey: 'implement', sortKey: [0], actor: 'lead' }),
      );
      expect(e).toMatchObject({ code: 'work/already-queued', exit: 3 });
      expect((await rejectionOf(item(x, 2))).code).toBe('work/duplicate-item');
      expect((await rejectionOf(claimAttempt(x, { planKey: PLAN, executorId: 'a', leaseMs: 0 }))).code).toBe(
        'work/bad-input',
      );
      // An empty name is refused with a hint that reads as English whatever the name's article.
      const unnamed = await rejectionOf(claimAttempt(x, { planKey: PLAN, executorId: ' ', leaseMs: 1000 }));
      expect([unnamed.code, unnamed.hint]).toEqual([
        'work/bad-input',
        'Give an executor id: it is recorded in the audit trail.',
      ]);
      const noStep = await rejectionOf(
        enqueueAttempt(x, { workItemId: a.id, stepKey: '', sortKey: [0], actor: 'lead' }),
      );
      expect(noStep.hint).toBe('Give a step key: it is recorded in the audit trail.');
      // The constraints hold for writes that bypass these functions too.
      await expect(
        x.db.updateTable('attempts').set({ status: 'running' }).where('work_item_id', '=', a.id).execute(),
      ).rejects.toThrow(/check constraint/);
      expect((await verifyStored(open[0]!)).length).toBe(2);
    },
  );

  it.skipIf(!available)('refuses a stale or unknown token and writes nothing', async () => {
    const { s, x } = await openFresh();
    const a = await item(x, 2);
    await enqueueAttempt(x, { workItemId: a.id, stepKey: 'implement', sortKey: [0], actor: 'lead' });
    const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
    const token = c.fencing_token!;
    const before = await auditHead(execOf(s));
    const snapshot = async () => s.db.selectFrom('attempts').selectAll().orderBy('id').execute();
    const rows = await snapshot();

    const stale = await rejectionOf(completeAttempt(x, { attemptId: c.id, token: token + 1 }));
    expect(stale).toMatchObject({ code: 'work/stale-token', exit: 3 });
    expect(stale.message).toContain('claimed under another token');
    expect(stale.hint).toMatch(/claim again/);
    expect(
      (await rejectionOf(heartbeat(x, { attemptId: c.id, token: token + 1, leaseMs: 1_000 }))).code,
    ).toBe('work/stale-token');
    expect((await rejectionOf(failAttempt(x, { attemptId: c.id, token: token + 1, reason: 'x' }))).code).toBe(
      'work/stale-token',
    );
    const unknown = await rejectionOf(completeAttempt(x, { attemptId: c.id + 999, token }));
    expect(unknown.message).toContain('does not exist');
    expect(await snapshot()).toEqual(rows);
    expect(await auditHead(execOf(s))).toEqual(before);

    const renewed = await heartbeat(x, { attemptId: c.id, token, leaseMs: 120_000 });
    expect(renewed.getTime()).toBeGreaterThan(c.lease_expires_at!.getTime());
    const done = await completeAttempt(x, { attemptId: c.id, token, exitCode: 0 });
    expect(done).toMatchObject({ status: 'completed', exit_code: 0 });
    expect(done.ended_at).toBeInstanceOf(Date);
    // The token dies with the attempt: completing twice is refused, saying why.
    expect((await rejectionOf(completeAttempt(x, { attemptId: c.id, token }))).message).toContain(
      'is completed, not running',
    );
    const types = (await allAudit(s)).map((r) => r.type);
    expect(types).toEqual(['work-item-added', 'attempt-queued', 'attempt-claimed', 'attempt-completed']);
  });

  it.skipIf(!available)(
    'fails an expired lease and queues a new attempt with backoff, up to a maximum',
    async () => {
      const { s, x } = await openFresh();
      const a = await item(x, 2);
      const b = await item(x, 3);
      await enqueueAttempt(x, { workItemId: a.id, stepKey: 'implement', sortKey: [0], actor: 'lead' });
      await enqueueAttempt(x, { workItemId: b.id, stepKey: 'implement', sortKey: [1], actor: 'lead' });
      const lease = { planKey: PLAN, executorId: 'agent-1', leaseMs: 1 };
      const first = (await claimAttempt(x, lease))!;
      const other = (await claimAttempt(x, { ...lease, leaseMs: 60_000 }))!;
      await sleep(20);
      const retry = { maxAttempts: 2, backoffMs: 0, maxBackoffMs: 0 };
      const expired = await expireLeases(x, { retry });
      expect(expired).toHaveLength(1);
      expect(expired[0]!.failed).toMatchObject({ id: first.id, status: 'failed' });
      expect(expired[0]!.retry).toMatchObject({ step_key: 'implement', number: 2, status: 'queued' });
      // The live lease is untouched; the dead one's token is refused.
      expect(
        (await s.db.selectFrom('attempts').select('status').where('id', '=', other.id).executeTakeFirst())!
          .status,
      ).toBe('running');
      expect(
        (await rejectionOf(completeAttempt(x, { attemptId: first.id, token: first.fencing_token! }))).message,
      ).toContain('is failed');
      // The retry is a new attempt with a new token; when it expires too, the maximum is reached.
      const second = (await claimAttempt(x, lease))!;
      expect(second).toMatchObject({ id: expired[0]!.retry!.id, number: 2 });
      expect(second.fencing_token).not.toBe(first.fencing_token);
      await sleep(20);
      const again = await expireLeases(x, { retry });
      expect(again.map((e) => [e.failed.id, e.retry])).toEqual([[second.id, null]]);
      expect(await claimAttempt(x, lease)).toBeNull();

      // A backoff sets not-before: the retry is queued but not claimable yet.
      const failed = await failAttempt(x, {
        attemptId: other.id,
        token: other.fencing_token!,
        exitCode: 1,
        reason: 'exit 1',
        retry: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 90_000 },
      });
      expect(failed.failed).toMatchObject({ status: 'failed', exit_code: 1 });
      expect(failed.retry!.not_before.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect(await claimAttempt(x, lease)).toBeNull();

      const types = (await allAudit(s)).map((r) => r.type);
      expect(types.filter((t) => t === 'attempt-expired')).toHaveLength(2);
      expect(types.slice(-2)).toEqual(['attempt-failed', 'attempt-queued']);
      expect((await verifyStored(s)).ok).toBe(true);
    },
  );

  it.skipIf(!available)(
    'stores an audit chain the domain verifies, and finds an edited or lost record',
    async () => {
      const { s, x } = await openFresh();
      for (let i = 1; i <= 4; i++) {
        const w = await item(x, i);
        await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [i], actor: 'lead' });
      }
      const c = (await claimAttempt(x, { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 }))!;
      await completeAttempt(x, { attemptId: c.id, token: c.fencing_token! });
      const records = await allAudit(s);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(records.every((r, i) => i === 0 || r.at >= records[i - 1]!.at)).toBe(true);
      const ok = await verifyStored(s);
      expect(ok).toMatchObject({ ok: true, length: 10, head: records[9]!.hash });

      await sql`update audit_records set data = replace(data, '"lead"', '"mallory"') where seq = 3`.execute(
        s.db,
      );
      await sql`update audit_records set actor = 'mallory' where seq = 3`.execute(s.db);
      const edited = await verifyStored(s);
      expect(edited).toMatchObject({ ok: false, break: { problem: 'edited', seq: 3 } });

      await sql`update audit_records set actor = 'lead' where seq = 3`.execute(s.db);
      await s.db.deleteFrom('audit_records').where('seq', '=', 10).execute();
      expect(await verifyStored(s)).toMatchObject({ ok: false, break: { problem: 'truncated' } });
      await s.db.deleteFrom('audit_records').where('seq', '=', 6).execute();
      expect(await verifyStored(s)).toMatchObject({ ok: false, break: { problem: 'deleted', seq: 6 } });
    },
  );

  it.skipIf(!available)('gives concurrent claimers on one store distinct attempts', async () => {
    const { s, x } = await openFresh();
    for (let i = 1; i <= 12; i++) {
      const w = await item(x, i);
      await enqueueAttempt(x, { workItemId: w.id, stepKey: 'implement', sortKey: [i], actor: 'lead' });
    }
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        claimAttempt(x, { planKey: PLAN, executorId: `agent-${i}`, leaseMs: 60_000 }),
      ),
    );
    const got = claims.filter((c) => c !== null);
    expect(got).toHaveLength(12);
    expect(new Set(got.map((c) => c.id)).size).toBe(12);
    expect(new Set(got.map((c) => c.fencing_token)).size).toBe(12);
    expect((await verifyStored(s)).length).toBe(36);
  });

  it.skipIf(!available || name !== 'postgres')(
    'claims every attempt exactly once with 12 executors on their own connections',
    async () => {
      const { s, x } = await openFresh();
      const ATTEMPTS = 300;
      for (let i = 1; i <= 30; i++) {
        const w = await item(x, i);
        for (let k = 0; k < 10; k++)
          await enqueueAttempt(x, { workItemId: w.id, stepKey: `step-${k}`, sortKey: [i, k], actor: 'lead' });
      }
      const executors = await Promise.all(Array.from({ length: 12 }, () => openStore(target!.opts)));
      open.push(...executors);
      const claimed = await Promise.all(
        executors.map(async (e, n) => {
          const ex = execOf(e);
          const mine: number[] = [];
          for (;;) {
            const c = await claimAttempt(ex, { planKey: PLAN, executorId: `agent-${n}`, leaseMs: 60_000 });
            if (!c) return mine;
            mine.push(c.id);
            await completeAttempt(ex, { attemptId: c.id, token: c.fencing_token! });
          }
        }),
      );
      const all = claimed.flat();
      expect(all).toHaveLength(ATTEMPTS);
      expect(new Set(all).size).toBe(ATTEMPTS);
      // More than one executor did work: the claims really ran side by side.
      expect(claimed.filter((m) => m.length > 0).length).toBeGreaterThan(1);
      const statuses = await s.db.selectFrom('attempts').select('status').execute();
      expect(statuses.every((r) => r.status === 'completed')).toBe(true);
      const audit = await verifyStored(s);
      expect(audit).toMatchObject({ ok: true, length: 30 + 3 * ATTEMPTS });
    },
    60_000,
  );
});
