import { describe, expect, it } from 'vitest';
import {
  APPROVAL_GATE,
  addArtifacts,
  addGates,
  appendRunEvents,
  createRun,
  expireApproval,
  getRun,
  listRuns,
  moveRun,
  type NewRun,
  recordApproval,
  runApprovals,
  runArtifacts,
  runEventsSince,
  runGates,
  runParts,
  runsByPrefix,
  setGate,
  setPullGates,
} from '../../../../src/ports/store/index.js';
import { backends } from '../backends.js';
import { allAudit, execOf, freshStores, verifyStored } from '../execution-helpers.js';

const suites = await backends('ops store');

const template = {
  slug: 'incident',
  title: 'Incident',
  description: '',
  source: 'built-in',
  yaml: 'slug: incident\n',
};

function newRun(over: Partial<NewRun> = {}): NewRun {
  return {
    env: 'dev',
    kind: 'incident',
    template,
    intent: null,
    input: { summary: 'errors in auth' },
    plan: { phases: [] },
    risk: 'low',
    requestedBy: 'ana',
    approvalDeadline: null,
    quorum: 1,
    gates: [],
    events: [],
    ...over,
  };
}

/** A high-risk prod run waiting for two approvals for the next hour. */
const awaitingTwo = (over: Partial<NewRun> = {}) =>
  newRun({
    env: 'prod',
    risk: 'high',
    quorum: 2,
    approvalDeadline: new Date(Date.now() + 3_600_000),
    ...over,
  });

describe.each(suites)('ops store on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)(
    'creates a run with its gates and first lines, moves it by compare-and-set, all audited',
    async () => {
      const { s, x } = await openFresh();
      const run = await createRun(
        x,
        newRun({
          gates: [{ name: 'CI: Tests' }],
          events: [{ level: 'info', source: 'ops', message: 'hello' }],
        }),
      );
      expect(run.status).toBe('queued');
      expect(run.input).toEqual({ summary: 'errors in auth' });
      expect((await runGates(s.db, run.id)).map((g) => [g.name, g.status])).toEqual([
        ['CI: Tests', 'pending'],
      ]);
      expect((await runEventsSince(s.db, run.id)).map((e) => e.message)).toEqual(['hello']);
      expect((await moveRun(x, run.id, ['queued'], 'running', { actor: 'ana' }))?.status).toBe('running');
      // A second mover loses: the run is no longer queued.
      expect(await moveRun(x, run.id, ['queued'], 'running', { actor: 'bob' })).toBeUndefined();
      const done = await moveRun(x, run.id, ['running'], 'success', { actor: 'ana' });
      expect(done?.finished_at).toBeInstanceOf(Date);
      expect((await getRun(s.db, run.id))?.status).toBe('success');
      expect((await runsByPrefix(s.db, run.id.slice(0, 8))).map((r) => r.id)).toEqual([run.id]);
      const types = (await allAudit(s)).map((r) => r.type);
      expect(types).toEqual(['ops-run-created', 'ops-run-status', 'ops-run-status']);
      expect((await verifyStored(s)).ok).toBe(true);
    },
    60_000,
  );

  it.skipIf(!available)(
    'appends a batch of lines in one statement and pages them by id',
    async () => {
      const { s } = await openFresh();
      const run = await createRun(execOf(s), newRun());
      const lines = Array.from({ length: 2500 }, (_, i) => ({
        level: 'info' as const,
        source: 'cmd',
        phase: 'Build',
        message: `line ${i}\0`,
        data: i % 2 ? { n: i } : undefined,
      }));
      const ids = await appendRunEvents(s.db, run.id, lines);
      expect(ids).toHaveLength(2500);
      const first = await runEventsSince(s.db, run.id, 0, 1000);
      expect(first[0]?.message).toBe('line 0');
      expect(first[1]?.data).toEqual({ n: 1 });
      const rest = await runEventsSince(s.db, run.id, first.at(-1)!.id, 5000);
      expect(rest.map((e) => e.message).at(-1)).toBe('line 2499');
      expect(first.length + rest.length).toBe(2500);
    },
    60_000,
  );

  it.skipIf(!available)(
    'gates and artifacts: pending to pass by name, unknown names refused, cascade on run delete',
    async () => {
      const { s, x } = await openFresh();
      const run = await createRun(x, newRun());
      await addGates(x, run.id, [{ name: 'CI: Tests', url: 'http://x/checks' }, { name: 'CI: Lint' }], 'ops');
      expect(await addGates(x, run.id, [{ name: 'CI: Tests' }], 'ops')).toEqual([]);
      const r = await setGate(
        x,
        run.id,
        'CI: Tests',
        { status: 'pass', details: { conclusion: 'success' } },
        'ci',
      );
      expect(r?.changed).toBe(true);
      expect(r?.gate.url).toBe('http://x/checks');
      expect((await setGate(x, run.id, 'CI: Tests', { status: 'pass' }, 'ci'))?.changed).toBe(false);
      expect(await setGate(x, run.id, 'CI: Nope', { status: 'pass' }, 'ci')).toBeUndefined();
      await addArtifacts(x, run.id, [{ kind: 'link', title: 'Pull Request', value: 'local#1' }], 'ops');
      expect((await runArtifacts(s.db, run.id)).map((a) => a.title)).toEqual(['Pull Request']);
      await s.db.deleteFrom('runs').where('id', '=', run.id).execute();
      expect(await runGates(s.db, run.id)).toEqual([]);
      expect(await runArtifacts(s.db, run.id)).toEqual([]);
      const changes = (await allAudit(s)).filter((a) => a.type === 'ops-gate-status');
      expect(changes).toHaveLength(1);
    },
    60_000,
  );

  it.skipIf(!available)(
    "a pull request's check moves the gate of that name on every run made for it, in one commit",
    async () => {
      const { s, x } = await openFresh();
      const made = async (gates: NewRun['gates']) => (await createRun(x, newRun({ gates }))).id;
      const a = await made([
        { name: 'CI: Tests', details: { pr: 7, sha: 'abc' } },
        { name: 'CI: Lint', details: { pr: 7, sha: 'abc' } },
      ]);
      const b = await made([{ name: 'CI: Tests', details: { pr: 7, head: 'feat', sha: 'abc' } }]);
      const c = await made([{ name: 'CI: Tests', details: { pr: 8, sha: 'def' } }]);
      await setGate(x, b, 'CI: Tests', { status: 'fail' }, 'ci');
      const before = (await allAudit(s)).length;
      const moved = await setPullGates(
        x,
        'CI: Tests',
        { pr: 7 },
        { status: 'fail', url: 'http://ci/1', details: { conclusion: 'failure' } },
        'github',
      );
      expect(moved.map((m) => [m.gate.run_id, m.gate.status, m.changed])).toEqual([
        [a, 'fail', true],
        [b, 'fail', false],
      ]);
      // What the gate was made for stays; the report's own details are laid over it.
      expect(moved.map((m) => m.gate.details)).toEqual([
        { pr: 7, sha: 'abc', conclusion: 'failure' },
        { pr: 7, head: 'feat', sha: 'abc', conclusion: 'failure' },
      ]);
      expect(moved[0]?.gate.url).toBe('http://ci/1');
      expect(moved[0]?.gate.updated_at).toBeInstanceOf(Date);
      expect(moved[0]?.gate).toEqual((await runGates(s.db, a))[0]);
      expect((await runGates(s.db, a)).map((g) => [g.name, g.status])).toEqual([
        ['CI: Tests', 'fail'],
        ['CI: Lint', 'pending'],
      ]);
      expect((await runGates(s.db, c))[0]?.status).toBe('pending');
      // Only a status that changed is recorded.
      const records = (await allAudit(s)).slice(before);
      expect(records.map((r) => [r.type, r.actor, r.data])).toEqual([
        [
          'ops-gate-status',
          'github',
          { run: a, gate: 'CI: Tests', from: 'pending', to: 'fail', details: { conclusion: 'failure' } },
        ],
      ]);
      // A head names the gates made for that branch or commit.
      const byHead = await setPullGates(x, 'CI: Tests', { head: 'def' }, { status: 'pass' }, 'github');
      expect(byHead.map((m) => [m.gate.run_id, m.changed, m.gate.details])).toEqual([
        [c, true, { pr: 8, sha: 'def' }],
      ]);
      expect(
        await setPullGates(x, 'CI: Tests', { head: 'feat' }, { status: 'pass' }, 'github'),
      ).toMatchObject([{ gate: { run_id: b, status: 'pass' }, changed: true }]);
      expect(await setPullGates(x, 'CI: Tests', { pr: 9 }, { status: 'pass' }, 'github')).toEqual([]);
      expect(await setPullGates(x, 'CI: Tests', {}, { status: 'pass' }, 'github')).toEqual([]);
      expect((await verifyStored(s)).ok).toBe(true);
    },
    60_000,
  );

  it.skipIf(!available)(
    'approval: quorum of two releases the run; a second approval by the same person is not counted',
    async () => {
      const { s, x } = await openFresh();
      const run = await createRun(x, awaitingTwo({ gates: [{ name: APPROVAL_GATE }] }));
      expect(run.status).toBe('waiting');
      const one = await recordApproval(x, run.id, { approver: 'bob', reason: 'window INC-1' });
      expect(one).toMatchObject({ kind: 'recorded', approvals: 1, released: false });
      expect((await recordApproval(x, run.id, { approver: 'bob', reason: 'again' })).kind).toBe('already');
      const two = await recordApproval(x, run.id, { approver: 'cy', reason: 'ok' });
      expect(two).toMatchObject({ kind: 'recorded', approvals: 2, released: true });
      expect((await getRun(s.db, run.id))?.status).toBe('queued');
      expect((await runGates(s.db, run.id))[0]?.status).toBe('pass');
      const approved = (await allAudit(s)).filter((a) => a.type === 'ops-run-approved');
      expect(approved.map((a) => [a.actor, (a.data as { reason: string }).reason])).toEqual([
        ['bob', 'window INC-1'],
        ['cy', 'ok'],
      ]);
      expect((approved[0]?.data as { input: unknown }).input).toEqual({ summary: 'errors in auth' });
    },
    60_000,
  );

  it.skipIf(!available)(
    'reads a run with its parts in one statement, each part as its own table read has it',
    async () => {
      const { s, x } = await openFresh();
      const run = await createRun(
        x,
        awaitingTwo({
          gates: [{ name: APPROVAL_GATE }, { name: 'CI: Tests', details: { pr: 7, sha: 'abc' } }],
          events: [
            { level: 'info', source: 'step', message: 'a', data: { step: 'build', state: 'running' } },
            { level: 'info', source: 'ops', message: 'not a mark', data: { step: 'build', state: 'error' } },
            { level: 'info', source: 'step', message: 'b', data: { step: 'build', state: 'success' } },
          ],
        }),
      );
      await setGate(x, run.id, 'CI: Tests', { status: 'fail', details: { conclusion: 'failure' } }, 'ci');
      await addArtifacts(
        x,
        run.id,
        [
          { kind: 'link', title: 'Pull Request', value: 'local#7' },
          { kind: 'diff', title: 'Diff', value: '+a' },
        ],
        'ops',
      );
      await recordApproval(x, run.id, { approver: 'zoe', reason: 'window' });
      await recordApproval(x, run.id, { approver: 'bob', reason: 'ok' });
      const parts = await runParts(s.db, run.id);
      expect(parts?.run).toEqual(await getRun(s.db, run.id));
      expect(parts?.gates).toEqual(await runGates(s.db, run.id));
      expect(parts?.gates.map((g) => g.details)).toEqual([
        null,
        { pr: 7, sha: 'abc', conclusion: 'failure' },
      ]);
      expect(parts?.artifacts).toEqual(await runArtifacts(s.db, run.id));
      expect(parts?.approvals).toEqual(await runApprovals(s.db, run.id));
      expect(parts?.approvals.map((a) => a.approver)).toEqual(['zoe', 'bob']);
      expect(parts?.gates[0]?.updated_at).toBeInstanceOf(Date);
      expect(parts?.marks).toEqual([
        { step: 'build', state: 'running' },
        { step: 'build', state: 'success' },
      ]);
      // Only a whole id is read; a short one is resolved by its caller.
      expect(await runParts(s.db, run.id.slice(0, 8))).toBeUndefined();
      expect(await runParts(s.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    },
    60_000,
  );

  it.skipIf(!available)(
    'a passed approval deadline denies the run and records the timeout',
    async () => {
      const { s, x } = await openFresh();
      const run = await createRun(
        x,
        newRun({
          env: 'prod',
          risk: 'high',
          approvalDeadline: new Date(Date.now() - 1000),
          gates: [{ name: APPROVAL_GATE }],
        }),
      );
      const denied = await expireApproval(x, run.id, 'papertrail');
      expect(denied?.status).toBe('error');
      expect(denied?.error_message).toMatch(/timed out/);
      expect((await runGates(s.db, run.id))[0]).toMatchObject({
        status: 'fail',
        details: { timedOut: true },
      });
      expect(await expireApproval(x, run.id, 'papertrail')).toBeUndefined();
      expect((await recordApproval(x, run.id, { approver: 'bob', reason: 'late' })).kind).toBe('not-waiting');
      expect((await allAudit(s)).map((a) => a.type)).toContain('ops-approval-timeout');
      expect((await listRuns(s.db, { status: 'error', env: 'prod' })).map((r) => r.id)).toEqual([run.id]);
    },
    60_000,
  );
});
