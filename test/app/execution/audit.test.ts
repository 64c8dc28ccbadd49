import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditVerify,
  decideGateOf,
  exportMetrics,
  workClaim,
  workComplete,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { withStore } from '../../../src/app/kernel/index.js';
import { backendsAvailable, type Planned, planned } from './workspace.js';

const names = await backendsAvailable('audit verify and export');

describe.each(names)('audit verify and export on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('every change is on the chain; an edited or cut-off record is found and named', async () => {
    p = await planned(backend);
    const app = p.app;
    await workSchedule(app);
    for (let i = 0; i < 3; i++) {
      const c = await workClaim(app, { executor: 'agent-1' });
      await workComplete(app, { attempt: c!.attempt, token: c!.token });
    }
    await decideGateOf(app, {
      issue: 2,
      gate: 'review',
      decision: 'reject',
      reason: 'no tests',
      reviewer: 'lead',
      reentryStep: 'implement',
    });
    const ok = await auditVerify(app);
    expect(ok.ok).toBe(true);
    const length = ok.length;
    expect(length).toBeGreaterThan(20);

    const m = await exportMetrics(app);
    expect(m.portfolio).toMatchObject({
      scope: 'portfolio',
      WIP: 1,
      throughput: 0,
      reworkRate: 1,
      leadTime: null,
    });
    expect(Object.keys(m.portfolio.cycleTimePerStep)).toEqual(['implement', 'review', 'runbook']);
    expect(m.items.map((i) => i.key)).toEqual(['issue-2']);

    await withStore(app, (s) =>
      sql`update audit_records set actor = 'mallory' where seq = 7`.execute(s.x.db),
    );
    const edited = await auditVerify(app);
    expect(edited).toMatchObject({ ok: false, length: 6, break: { seq: 7 } });

    await withStore(app, async (s) => {
      await sql`delete from audit_records where seq >= 7`.execute(s.x.db);
    });
    const cut = await auditVerify(app);
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.break.problem).toBe('truncated');
  });
});
