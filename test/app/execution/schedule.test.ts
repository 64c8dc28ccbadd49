import { afterEach, describe, expect, it } from 'vitest';
import { workList, workSchedule } from '../../../src/app/execution/index.js';
import { withMarker } from '../../../src/domain/plan/index.js';
import { auditLength, backendsAvailable, type Planned, planned, withForge } from './workspace.js';

const names = await backendsAvailable('work schedule');

describe.each(names)('work schedule and list on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('makes one item per requirement issue, launches #2 and #3 first, and a second run changes nothing', async () => {
    p = await planned(backend);
    const dry = await workSchedule(p.app, { dryRun: true });
    expect(dry.sync.added).toEqual([2, 3, 4]);
    expect(dry.attempts).toEqual([null, null]);
    expect(await auditLength(p.app)).toBe(0);

    const first = await workSchedule(p.app);
    expect(first.sync).toEqual({ added: [2, 3, 4], changed: [], cancelled: [] });
    expect(first.schedule.launch.map((l) => [l.issue, l.step, l.rank])).toEqual([
      [2, 'runbook', 0],
      [3, 'runbook', 0],
    ]);
    expect(first.queued).toBe(2);
    expect(first.schedule.waiting.find((w) => w.issue === 4)).toMatchObject({
      reason: 'blocked',
      blockedBy: [2, 3],
    });
    const length = await auditLength(p.app);

    const again = await workSchedule(p.app);
    expect(again.sync).toEqual({ added: [], changed: [], cancelled: [] });
    expect(again.queued).toBe(0);
    expect(again.attempts).toEqual(first.attempts);
    expect(JSON.stringify(again.schedule)).toBe(JSON.stringify(first.schedule));
    expect(await auditLength(p.app)).toBe(length);

    const rows = await workList(p.app);
    expect(rows.map((r) => [r.issue, r.status, r.step, r.stepState, r.blockedBy])).toEqual([
      [2, 'active', 'runbook', 'queued', []],
      [3, 'active', 'runbook', 'queued', []],
      [4, 'pending', 'runbook', 'pending', [2, 3]],
    ]);
    expect(rows[0]).toMatchObject({ title: 'Auto-Scaling', attempt: { number: 1, status: 'queued' } });
  });

  it('cancels the item of an issue closed unfinished and adds one for a new issue', async () => {
    p = await planned(backend);
    await workSchedule(p.app);
    await withForge(p.app, async (f) => {
      await f.updateIssue(3, { state: 'closed', stateReason: 'not_planned' });
      const issue = await f.createIssue({
        title: '[REQ] Alerting',
        body: withMarker('Alerts.', 'SPEC-0001/REQ-009', '[REQ] Alerting'),
        labels: ['spec:SPEC-0001', 'requirement'],
      });
      await f.addBlockedBy(
        issue.number,
        (await f.listIssues({ label: 'spec:SPEC-0001' })).find((i) => i.number === 4)!,
      );
    });
    const r = await workSchedule(p.app);
    expect(r.sync).toEqual({ added: [5], changed: [], cancelled: [3] });
    expect(r.schedule.cancelled).toEqual([3]);
    const rows = await workList(p.app);
    expect(rows.map((x) => [x.issue, x.status, x.blockedBy])).toEqual([
      [2, 'active', []],
      [3, 'cancelled', []],
      [4, 'pending', [2]],
      [5, 'pending', [4]],
    ]);
    // The cancelled item's queued attempt is ended, so nobody can claim it.
    expect(rows[1]!.attempt?.status).toBe('failed');
    const again = await workSchedule(p.app);
    expect(again.sync).toEqual({ added: [], changed: [], cancelled: [] });
  });
});
