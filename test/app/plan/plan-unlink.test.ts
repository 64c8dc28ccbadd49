import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { SPEC, spec } from '../../helpers/seed-spec.js';

// A re-plan makes the "blocked by" links between the plan's own issues what the spec says: a
// dependency dropped from the spec loses its link. Links to issues outside the plan are a person's.
const fewerDeps = () =>
  spec(SPEC.replace('**Depends on:** Auto-Scaling, Security Isolation', '**Depends on:** Auto-Scaling'));

describe('plan removes "blocked by" links the spec no longer declares', () => {
  it('removes #4 ← #3 once Monitoring no longer depends on Security Isolation, and only that', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    // A person's own link from a plan issue to an issue outside the plan.
    const outside = await forge.createIssue({ title: 'Outside', body: '', labels: [] });
    await forge.addBlockedBy(4, outside);
    forge.writes.length = 0;

    const r = await applyPlan(forge, desiredPlan(fewerDeps(), []));
    expect(r.links.removed).toEqual([{ issue: 4, blocker: 3 }]);
    expect(await forge.listBlockedBy(4)).toEqual([2, outside.number]);
    expect(forge.writes).toContain('removeBlockedBy #4 ← #3');
    expect(r.rows.find((x) => x.number === 4)!.blockedBy).toEqual([2]);
    // Settled: the next re-plan writes nothing, and the outside link is still there.
    const again = await applyPlan(forge, desiredPlan(fewerDeps(), []));
    expect(again.writes).toBe(0);
    expect(again.links.removed).toEqual([]);
    expect(await forge.listBlockedBy(4)).toEqual([2, outside.number]);
  });

  it('a dry run predicts exactly the removals of the real run and performs none', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    forge.writes.length = 0;
    const dry = await applyPlan(forge, desiredPlan(fewerDeps(), []), { dryRun: true });
    expect(forge.writes).toEqual([]);
    expect(await forge.listBlockedBy(4)).toEqual([2, 3]);
    const real = await applyPlan(forge, desiredPlan(fewerDeps(), []));
    expect(dry.links).toEqual(real.links);
    expect(dry.writes).toBe(real.writes);
    expect(dry.writes).toBe(forge.writes.length);
    expect(real.links.removed).toEqual([{ issue: 4, blocker: 3 }]);
  });

  it('removes every link of an issue whose requirement no longer depends on anything', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    const r = await applyPlan(
      forge,
      desiredPlan(spec(SPEC.replace('**Depends on:** Auto-Scaling, Security Isolation\n', '')), []),
    );
    expect(r.links.removed).toEqual([
      { issue: 4, blocker: 2 },
      { issue: 4, blocker: 3 },
    ]);
    expect(await forge.listBlockedBy(4)).toEqual([]);
  });
});
