import { afterEach, describe, expect, it } from 'vitest';
import { withStore } from '../../../src/app/kernel/index.js';
import {
  approveRun,
  cancelRun,
  executeRun,
  listOpsRuns,
  type OpsDeps,
  planRun,
  showRun,
  startRun,
  updateGateFromCheck,
  updateGatesForPull,
} from '../../../src/app/ops/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { rejectionOf } from '../../helpers/refusal.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from './workspace.js';

const names = await backendsAvailable('ops runs');
const deps: OpsDeps = await opsDeps();

const CHECKS = `ops:
  checks:
    Tests: test -f spec/payment-processing/prd.md && echo tested
  approvers: [Bob, Cy]
`;

describe.each(names)('ops runs on %s', (backend) => {
  let w: OpsWorkspace;
  afterEach(async () => w?.cleanup());

  it('a spec run opens a pull request with its files, artifacts and CI gates; a configured check passes its gate', async () => {
    w = await opsWorkspace(backend, CHECKS);
    const app = w.as('Ana');
    const plan = planRun(
      app,
      { intent: 'generate spec for payment processing', input: ['payment processing'] },
      deps,
    );
    expect(plan).toMatchObject({
      template: { slug: 'spec' },
      pickedBy: { by: 'intent', words: ['spec', 'generate'] },
    });
    const lines: string[] = [];
    const r = await startRun(
      app,
      { intent: 'generate spec for payment processing', input: ['payment processing'], actor: 'Ana' },
      deps,
      { onEvent: (e) => lines.push(e.message) },
    );
    expect(r.executed).toBe(true);
    expect(r.run.status).toBe('success');
    expect(r.run.phases.map((p) => [p.name, p.state])).toEqual([
      ['Validate', 'success'],
      ['Draft', 'success'],
    ]);
    expect(r.run.artifacts.slice(0, 2).map((a) => [a.kind, a.title, a.value])).toEqual([
      ['link', 'Pull Request', 'local:acme/shop#1'],
      ['link', 'Checks', 'local:acme/shop#1/checks'],
    ]);
    expect(r.run.gates.map((g) => [g.name, g.status])).toEqual([
      ['CI: Tests', 'pass'],
      ['CI: Lint', 'pending'],
    ]);
    expect(lines).toContain('Pull request #1 opened: docs: spec bundle for payment processing');
    // The branch has the bundle; the workspace's checkout is untouched.
    const branch = `ops/spec-payment-processing-${r.run.short}`;
    expect(w.git('ls-tree', '-r', '--name-only', branch)).toContain('spec/payment-processing/tasks.md');
    expect(w.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(w.git('status', '--porcelain')).toBe('');
    // A report from the forge moves the pending gate; a gate the run lacks is refused.
    const moved = await updateGatesForPull(
      app,
      { pr: 1 },
      { check: 'Lint', status: 'completed', conclusion: 'neutral' },
    );
    expect(moved.map((m) => [m.gate.name, m.gate.status])).toEqual([['CI: Lint', 'skipped']]);
    const e = await rejectionOf(
      updateGateFromCheck(app, r.run.id, { check: 'Deploy', status: 'completed', conclusion: 'success' }),
    );
    expect(e.code).toBe('ops/unknown-gate');
    const shown = await showRun(app, r.run.short);
    expect(shown.events.some((ev) => ev.source === 'ci' && /CI: Tests: pass/.test(ev.message))).toBe(true);
    expect((await listOpsRuns(app, { kind: 'spec' })).map((s) => s.id)).toEqual([r.run.id]);
  }, 180_000);

  it('a high-risk prod run waits for approval: never by its requester, with a reason, then runs', async () => {
    w = await opsWorkspace(backend, CHECKS);
    const app = w.as('Ana');
    const r = await startRun(
      app,
      { template: 'incident', input: ['errors in auth service'], env: 'prod', actor: 'Ana' },
      deps,
    );
    expect(r.executed).toBe(false);
    expect(r.run.status).toBe('waiting');
    expect(r.run.gates).toMatchObject([{ name: 'Manual Approval', status: 'pending' }]);
    expect((await rejectionOf(executeRun(app, r.run.id, deps))).code).toBe('ops/not-queued');
    expect(
      (await rejectionOf(approveRun(app, { run: r.run.short, reason: 'ok', actor: 'Ana' }, deps))).code,
    ).toBe('ops/self-approval');
    expect(
      (await rejectionOf(approveRun(app, { run: r.run.short, reason: ' ', actor: 'Bob' }, deps))).code,
    ).toBe('ops/no-reason');
    expect(
      (await rejectionOf(approveRun(app, { run: r.run.short, reason: 'ok', actor: 'Eve' }, deps))).code,
    ).toBe('ops/not-an-approver');
    const a = await approveRun(
      app,
      { run: r.run.short, reason: 'change window, INC-123', actor: 'Bob' },
      deps,
    );
    expect(a).toMatchObject({ approvals: 1, quorum: 1, released: true, executed: true });
    expect(a.run.status).toBe('success');
    expect(a.run.gates.map((g) => [g.name, g.status])).toEqual([
      ['Manual Approval', 'pass'],
      // The configured check looks for the spec bundle, which this pull request does not have.
      ['CI: Tests', 'fail'],
      ['CI: Security Scan', 'pending'],
    ]);
    expect(a.run.approvals).toMatchObject([{ approver: 'Bob', reason: 'change window, INC-123' }]);
    const audit = await withStore(app, (s) => readAudit(s.x));
    const approved = audit.find((x) => x.type === 'ops-run-approved');
    expect(approved).toMatchObject({
      actor: 'Bob',
      data: {
        reason: 'change window, INC-123',
        input: { summary: 'errors in auth service', service: 'app' },
      },
    });
  }, 180_000);

  it('an approval not given in time denies the run and records it; a waiting run can be canceled', async () => {
    w = await opsWorkspace(backend, 'ops:\n  quorum: 2\n');
    const app = w.as('Ana');
    const late = await startRun(
      app,
      { template: 'incident', input: ['db down'], env: 'prod', actor: 'Ana' },
      deps,
    );
    const other = await startRun(
      app,
      { template: 'incident', input: ['db slow'], env: 'prod', actor: 'Ana' },
      deps,
    );
    const one = await approveRun(app, { run: other.run.id, reason: 'looked at it', actor: 'Bob' }, deps);
    expect(one).toMatchObject({ approvals: 1, quorum: 2, released: false, executed: false });
    await withStore(app, (s) =>
      s.x.db
        .updateTable('runs')
        .set({ approval_deadline: new Date(Date.now() - 1000) })
        .where('id', '=', late.run.id)
        .execute(),
    );
    const runs = await listOpsRuns(app, { env: 'prod' });
    expect(runs.find((x) => x.id === late.run.id)?.status).toBe('error');
    const shown = await showRun(app, late.run.id);
    expect(shown.errorMessage).toMatch(/timed out/);
    expect(shown.gates[0]).toMatchObject({
      name: 'Manual Approval',
      status: 'fail',
      details: { timedOut: true },
    });
    expect(
      (await rejectionOf(approveRun(app, { run: late.run.id, reason: 'too late', actor: 'Bob' }, deps))).code,
    ).toBe('ops/not-waiting');
    const canceled = await cancelRun(app, { run: other.run.id, actor: 'Ana' });
    expect(canceled.status).toBe('canceled');
    expect((await rejectionOf(cancelRun(app, { run: other.run.id, actor: 'Ana' }))).code).toBe(
      'ops/finished',
    );
    const types = (await withStore(app, (s) => readAudit(s.x))).map((x) => x.type);
    expect(types).toContain('ops-approval-timeout');
  }, 180_000);
});
