import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  auditVerify,
  type Claimed,
  decideGateOf,
  workClaim,
  workComplete,
  workList,
  workSchedule,
} from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import { backendsAvailable, openItemPullRequest, type Planned, planned } from './workspace.js';

// Each step opens the workspace store, as a command does: on PGlite that is a start-up per step,
// which on a busy machine takes these walk-throughs past the default timeout.
vi.setConfig({ testTimeout: 120_000 });

const names = await backendsAvailable('concurrent advances');

/** Runs #2 and #3 up to their integrate step, both claimed; a person passes their gates. */
async function bothAtIntegrate(app: App): Promise<Claimed[]> {
  const held: Claimed[] = [];
  for (let i = 0; i < 40 && held.length < 2; i++) {
    const c = await workClaim(app, { executor: 'agent-1' });
    if (!c) {
      for (const row of await workList(app))
        for (const g of row.gates.filter((x) => x.status === 'pending'))
          await decideGateOf(app, {
            issue: row.issue,
            gate: g.key,
            decision: 'approve',
            reason: 'ok',
            reviewer: 'lead',
          });
      continue;
    }
    if (c.handoff.step === 'integrate') held.push(c);
    else await workComplete(app, { attempt: c.attempt, token: c.token });
  }
  return held;
}

describe.each(names)('concurrent advances on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('two blockers finishing at once queue their dependent once; schedules at once add nothing twice', async () => {
    p = await planned(backend);
    const app = p.app;
    const runs = await Promise.all([workSchedule(app), workSchedule(app), workSchedule(app)]);
    expect(runs.map((r) => r.queued).sort()).toEqual([0, 0, 2]);
    const held = await bothAtIntegrate(app);
    for (const c of held) await openItemPullRequest(p, c.handoff.issue);
    expect(held.map((c) => c.handoff.issue).sort()).toEqual([2, 3]);
    const done = await Promise.all(
      held.map((c) => workComplete(app, { attempt: c.attempt, token: c.token })),
    );
    expect(done.flatMap((d) => d.finished).sort()).toEqual([2, 3]);
    expect(done.flatMap((d) => d.queued.map((q) => [q.issue, q.step]))).toEqual([[4, 'runbook']]);
    expect((await workList(app))[2]).toMatchObject({ issue: 4, status: 'active', attempt: { number: 1 } });
    expect((await auditVerify(app)).ok).toBe(true);
  });
});
