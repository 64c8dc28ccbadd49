import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentStep, itemViews } from '../../../src/app/execution/states.js';
import { listRows, type WorkRow } from '../../../src/app/execution/work-list.js';
import { defaultWorkflow, type Workflow } from '../../../src/domain/execution/index.js';
import { planHasAtLeast } from '../../../src/ports/store/execution/list-state.js';
import {
  type Database,
  LIST_STRIDE,
  openStore,
  readListState,
  readPlanState,
  type Store,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from '../../ports/store/backends.js';

vi.setConfig({ testTimeout: 180_000 });

const suites = await backends('work list rows');
const PLAN = 'acme/widgets';
const NOW = new Date('2026-12-06T10:00:00.500Z');

/** The list as it was computed before readListState: from the engine's item views of the whole plan state. */
async function rowsFromViews(db: Store['db'], wf: Workflow, now: Date): Promise<WorkRow[]> {
  const views = itemViews(await readPlanState(db, PLAN), wf, now);
  const open = new Set(
    views
      .filter((v) => v.item.status !== 'done' && v.item.status !== 'cancelled')
      .map((v) => v.item.issue_number),
  );
  return views.map((v) => {
    const step = v.item.status === 'cancelled' ? v.item.current_step_key : currentStep(v, wf);
    const a = step ? v.latest.get(step) : undefined;
    return {
      issue: v.item.issue_number,
      title: v.item.title,
      status: v.item.status,
      step,
      stepState: !step
        ? null
        : a?.status === 'queued' && !v.steps[step]
          ? 'queued'
          : (v.steps[step] ?? 'pending'),
      attempt: a ? { id: a.id, number: a.number, status: a.status } : null,
      executor: a?.status === 'running' ? a.executor_id : null,
      leaseExpiresAt: a?.status === 'running' ? (a.lease_expires_at?.toISOString() ?? null) : null,
      gates: step ? (v.gates.get(step) ?? []).map((g) => ({ key: g.gate_key, status: g.status })) : [],
      blockedBy: v.item.status === 'done' ? [] : v.blockedBy.filter((b) => open.has(b)),
    };
  });
}

/** `flat`'s rows of `stride` values in reverse and then rotated by half: most rows move. */
function shuffled(flat: readonly unknown[], stride: number): unknown[] {
  const rows: unknown[][] = [];
  for (let o = 0; o < flat.length; o += stride) rows.push(flat.slice(o, o + stride));
  rows.reverse();
  const half = rows.length >> 1;
  return [...rows.slice(half), ...rows.slice(0, half)].flat();
}

/** Free text the list must carry through unchanged: separators, escapes, control characters, non-ASCII. */
const ODD = ['', '\ttab\nline\r\n', ',"],[', '\\u0041 \u0001\u001f', 'é 😀 \u2028'];

function prng(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** A time near NOW, to the microsecond, often within a millisecond of it (where rounding would show). */
function near(rnd: (n: number) => number): string {
  const us = rnd(2) === 0 ? rnd(4000) - 2000 : (rnd(2_000_000) - 1_000_000) * 1000 + rnd(1000);
  const ms = NOW.getTime() + Math.floor(us / 1000);
  const frac = String(((us % 1000) + 1000) % 1000).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${frac}+00`;
}

/**
 * A random plan written straight into the tables: items in every status (some on a step the workflow
 * no longer has), blockers with and without items, several attempts per step in every status, gates
 * on latest and older attempts, on no attempt, and another plan beside it.
 */
async function seed(db: Store['db'], wf: Workflow, seedNo: number): Promise<void> {
  const rnd = prng(seedNo);
  const steps = [...wf.steps.map((s) => s.key), 'retired', `re,tired "${ODD[1]}"`];
  const gates = ['review', 'ci', `sec,"urity${ODD[1]}`];
  const STATUS = ['pending', 'active', 'done', 'cancelled'] as const;
  const ATTEMPT = ['queued', 'running', 'completed', 'rejected', 'failed', 'rework'] as const;
  const GATE = ['pending', 'pass', 'fail', 'skipped'] as const;
  let token = 1;
  for (const plan of [PLAN, 'other/plan']) {
    const n = plan === PLAN ? 80 + rnd(40) : 5;
    const issues = [...new Set(Array.from({ length: n }, () => 1 + rnd(200)))];
    for (const issue of issues) {
      const status = STATUS[rnd(STATUS.length)]!;
      const item = await db
        .insertInto('work_items')
        .values({
          plan_key: plan,
          issue_number: issue,
          workflow_ref: 'wf-requirement@1.0.0',
          status,
          current_step_key: rnd(5) === 0 ? null : steps[rnd(steps.length)]!,
          title:
            rnd(6) === 0 ? '' : `Item ${issue} "quoted" \\ ${'x'.repeat(rnd(30))}${ODD[rnd(ODD.length)]}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const blockers = new Set(Array.from({ length: rnd(5) }, () => 1 + rnd(200)));
      for (const b of blockers)
        await db
          .insertInto('work_item_blockers')
          .values({ work_item_id: item.id, blocked_by_issue: b })
          .execute();
      for (const step of steps) {
        if (rnd(3) === 0) continue;
        const count = 1 + rnd(3);
        for (let number = 1; number <= count; number++) {
          // Only the last attempt of a step may be live (one live attempt per step).
          const st =
            number < count
              ? (['completed', 'failed', 'rejected', 'rework'] as const)[rnd(4)]!
              : ATTEMPT[rnd(ATTEMPT.length)]!;
          const running = st === 'running';
          const ended = st === 'completed' || st === 'failed' || st === 'rejected';
          const a = await sql<{ id: number }>`insert into attempts (work_item_id, step_key, number, status,
              sort_key, not_before, executor_id, lease_expires_at, fencing_token, started_at, ended_at)
            values (${item.id}, ${step}, ${number}, ${st}, ${[issue]}::int[], ${near(rnd)}::timestamptz,
              ${running ? `agent-${rnd(3)}${ODD[rnd(ODD.length)]}` : null}, ${running || rnd(2) === 0 ? near(rnd) : null}::timestamptz,
              ${running ? token++ : null}, ${running || ended ? near(rnd) : null}::timestamptz,
              ${ended ? near(rnd) : null}::timestamptz)
            returning id`.execute(db);
          const attemptId = a.rows[0]!.id;
          for (const g of gates)
            if (rnd(3) === 0)
              await db
                .insertInto('gate_reviews')
                .values({
                  work_item_id: item.id,
                  attempt_id: attemptId,
                  gate_key: g,
                  status: GATE[rnd(GATE.length)]!,
                })
                .execute();
        }
      }
      if (rnd(4) === 0)
        await db
          .insertInto('gate_reviews')
          .values({ work_item_id: item.id, attempt_id: null, gate_key: 'review', status: 'pending' })
          .execute();
    }
  }
}

// readListState reads only what the list shows, in one statement; listRows computes the rows without
// item views. Together they must give exactly what the item views gave, on both stores.
describe.each(suites)('work list rows on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  let s: Store | undefined;

  afterEach(async () => {
    await s?.close();
    s = undefined;
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  it.skipIf(!available)('equal the rows computed from the item views, over generated plans', async () => {
    target = await fresh({ migrated: true });
    s = await openStore(target.opts);
    const db = s.db as import('kysely').Kysely<Database>;
    for (const [seedNo, runbooks] of [
      [7, 'optional'],
      [42, 'required'],
      [1234, 'optional'],
    ] as const) {
      const wf = defaultWorkflow({ runbooks });
      await sql`delete from work_items`.execute(db);
      await seed(db, wf, seedNo);
      for (const now of [NOW, new Date(NOW.getTime() + 1), new Date(NOW.getTime() - 1)]) {
        const before = await rowsFromViews(db, wf, now);
        const state = await readListState(db, PLAN);
        const after = listRows(state, wf, now);
        expect(after.length).toBeGreaterThan(30);
        expect(after).toStrictEqual(before);
        expect(JSON.stringify(after, null, 2)).toBe(JSON.stringify(before, null, 2));
        // The attempts come in no order: the latest of a step is the highest number wherever it is.
        expect(
          listRows({ ...state, attempts: shuffled(state.attempts, LIST_STRIDE.attempt) }, wf, now),
        ).toStrictEqual(before);
      }
      // Split over two connections reading one snapshot, Postgres reads the same.
      if (name === 'postgres')
        expect(await readListState(db, PLAN, { concurrent: true, splitFrom: 1 })).toStrictEqual(
          await readListState(db, PLAN),
        );
    }
    expect(
      await readListState(db, 'no/such-plan', { concurrent: name === 'postgres', splitFrom: 0 }),
    ).toEqual({
      items: [],
      blockers: [],
      attempts: [],
      gates: [],
    });
    expect(await readListState(db, 'no/such-plan')).toEqual({
      items: [],
      blockers: [],
      attempts: [],
      gates: [],
    });
    expect(
      listRows(await readListState(db, 'no/such-plan'), defaultWorkflow({ runbooks: 'optional' }), NOW),
    ).toEqual([]);
  });

  /** A fresh store holding seed 7's plan on the default workflow, and how many items the plan has. */
  async function seededPlan(): Promise<{ db: import('kysely').Kysely<Database>; n: number }> {
    target = await fresh({ migrated: true });
    s = await openStore(target.opts);
    const db = s.db as import('kysely').Kysely<Database>;
    await seed(db, defaultWorkflow({ runbooks: 'optional' }), 7);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from work_items where plan_key = ${PLAN}`.execute(db);
    return { db, n: rows[0]!.n };
  }

  it.skipIf(!available)('tell whether a plan has at least n items', async () => {
    const { db, n } = await seededPlan();
    expect(n).toBeGreaterThan(30);
    for (const [at, has] of [
      [0, true],
      [1, true],
      [n - 1, true],
      [n, true],
      [n + 1, false],
      [10 * n, false],
    ] as const)
      expect(await planHasAtLeast(db, PLAN, at), `${at} of ${n}`).toBe(has);
    expect(await planHasAtLeast(db, 'no/such-plan', 1)).toBe(false);
    expect(await planHasAtLeast(db, 'no/such-plan', 0)).toBe(true);
  });

  it.skipIf(!available)('read a plan below the split in one statement, its count included', async () => {
    const { db, n } = await seededPlan();
    // Every statement the read sends, through a plugin that sees each one.
    let statements = 0;
    const counted = db.withPlugin({
      transformQuery: (a) => {
        statements++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const whole = await readListState(db, PLAN);
    expect(whole.items.length).toBe(n * LIST_STRIDE.item);
    for (const [splitFrom, split] of [
      [n + 1, false],
      [n, true],
      [1, true],
    ] as const) {
      statements = 0;
      // The embedded store has one connection: its read is never split, nor counted.
      const concurrent = name === 'postgres';
      expect(await readListState(counted, PLAN, { concurrent, splitFrom })).toStrictEqual(whole);
      if (!split || !concurrent) expect(statements, `split from ${splitFrom} of ${n}`).toBe(1);
      else expect(statements).toBeGreaterThan(1);
    }
    statements = 0;
    expect(await readListState(counted, 'no/such-plan', { concurrent: name === 'postgres' })).toEqual({
      items: [],
      blockers: [],
      attempts: [],
      gates: [],
    });
    expect(statements).toBe(1);
  });
});
