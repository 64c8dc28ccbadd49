import { afterEach, describe, expect, it } from 'vitest';
import {
  addWorkItem,
  claimAttempt,
  completeAttempt,
  enqueueAttempt,
  failAttempt,
  openStore,
  readPlanState,
  type Store,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from './backends.js';
import { execOf } from './execution-helpers.js';

const suites = await backends('plan state');
const PLAN = 'acme/widgets';

// readPlanState reads each table as one JSON text (fast on the embedded store): it must hand back the
// same rows, types included (numbers, Dates, arrays, nulls), as the drivers give for a plain select.
describe.each(suites)('readPlanState on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  let s: Store | undefined;

  afterEach(async () => {
    await s?.close();
    s = undefined;
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  it.skipIf(!available)('gives the rows a plain select gives', async () => {
    target = await fresh({ migrated: true });
    s = await openStore(target.opts);
    const x = execOf(s);
    const db = s.db;
    const items = [];
    for (const n of [3, 1, 2, 4])
      items.push(await addWorkItem(x, { planKey: PLAN, issueNumber: n, workflowRef: 'wf@1', actor: 'lead' }));
    await addWorkItem(x, { planKey: 'other/plan', issueNumber: 1, workflowRef: 'wf@1', actor: 'lead' });
    const [i3, i1, i2] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
    await db
      .insertInto('work_item_blockers')
      .values([
        { work_item_id: i3.id, blocked_by_issue: 2 },
        { work_item_id: i3.id, blocked_by_issue: 1 },
        { work_item_id: i2.id, blocked_by_issue: 1 },
      ])
      .execute();
    for (const [it, step] of [
      [i1, 'runbook'],
      [i2, 'runbook'],
      [i3, 'implement'],
    ] as const)
      await enqueueAttempt(x, {
        workItemId: it.id,
        stepKey: step,
        sortKey: [it.issue_number],
        actor: 'lead',
      });
    const lease = { planKey: PLAN, executorId: 'agent-1', leaseMs: 60_000 };
    const a = (await claimAttempt(x, lease))!;
    await completeAttempt(x, { attemptId: a.id, token: a.fencing_token!, exitCode: 0 });
    const b = (await claimAttempt(x, lease))!;
    await failAttempt(x, { attemptId: b.id, token: b.fencing_token!, reason: 'no access' });
    await claimAttempt(x, lease);
    await db
      .insertInto('gate_reviews')
      .values({
        work_item_id: a.work_item_id,
        attempt_id: a.id,
        gate_key: 'review',
        status: 'fail',
        decision: 'reject',
        reasons: ['too "short"', 'x,y'],
        reviewer: 'lead',
        decided_at: new Date('2026-01-02T03:04:05.678Z'),
        reentry_step_key: 'runbook',
      })
      .execute();

    const ids = db.selectFrom('work_items').select('id').where('plan_key', '=', PLAN);
    const plainItems = await db
      .selectFrom('work_items')
      .selectAll()
      .where('plan_key', '=', PLAN)
      .orderBy('issue_number')
      .execute();
    const plainAttempts = await db
      .selectFrom('attempts')
      .selectAll()
      .distinctOn(['work_item_id', 'step_key'])
      .where('work_item_id', 'in', ids)
      .orderBy('work_item_id')
      .orderBy('step_key')
      .orderBy('number', 'desc')
      .execute();
    const plainGates = await db.selectFrom('gate_reviews').selectAll().orderBy('id').execute();

    const state = await readPlanState(db, PLAN);
    expect(state.items).toEqual(plainItems);
    expect(state.items[0]!.created_at).toBeInstanceOf(Date);
    expect(state.blockers).toEqual(
      new Map([
        [i3.id, [1, 2]],
        [i2.id, [1]],
      ]),
    );
    expect([...state.attempts.values()].flat()).toEqual(plainAttempts);
    expect([...state.attempts.values()].flat().some((r) => r.status === 'running')).toBe(true);
    expect([...state.gates.values()].flat()).toEqual(plainGates);

    const one = await readPlanState(db, PLAN, [i2.id]);
    expect(one.items).toEqual(plainItems.filter((r) => r.id === i2.id));
    expect(one.blockers).toEqual(new Map([[i2.id, [1]]]));
    expect(await readPlanState(db, 'no/plan')).toEqual({
      items: [],
      blockers: new Map(),
      attempts: new Map(),
      gates: new Map(),
    });
  });
});
