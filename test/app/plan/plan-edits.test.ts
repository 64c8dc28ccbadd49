import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { ext, SPEC, spec } from '../../helpers/seed-spec.js';

/** The team ticks a scenario box on issue #2 and renames #3, on the forge. */
async function editOnForge(forge: MemoryForge): Promise<{ two: string; three: string }> {
  const two = forge.issues.get(2)!.body.replace('- [ ] **Scale up**', '- [x] **Scale up**');
  await forge.updateIssue(2, { body: two });
  await forge.updateIssue(3, { title: 'Isolation (see design doc)' });
  return { two, three: 'Isolation (see design doc)' };
}

describe('plan keeps what the team edits on the forge', () => {
  it('a re-plan leaves edited issues alone while their requirements are unchanged', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    const { two, three } = await editOnForge(forge);
    const r = await applyPlan(forge, desiredPlan(spec(), []));
    expect(r.writes).toBe(0);
    expect(r.keptEdits).toEqual([2, 3]);
    expect(forge.issues.get(2)!.body).toBe(two);
    expect(forge.issues.get(3)!.title).toBe(three);
  });

  it('a requirement that changed rewrites its issue and says the edits were replaced', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    await editOnForge(forge);
    const changed = SPEC.replace('runners are added', 'runners are added within 60 s');
    const r = await applyPlan(forge, desiredPlan(spec(changed), []));
    expect(r.replacedEdits).toEqual([2]);
    expect(r.keptEdits).toEqual([3]);
    expect(forge.issues.get(2)!.body).toContain('runners are added within 60 s');
    expect(forge.issues.get(2)!.body).toContain('- [ ] **Scale up**');
  });

  it('--refresh rewrites every issue to match the spec', async () => {
    const forge = new MemoryForge();
    const first = await applyPlan(forge, desiredPlan(spec(), []));
    await editOnForge(forge);
    const r = await applyPlan(forge, desiredPlan(spec(), []), { refresh: true });
    expect(r.replacedEdits).toEqual([2, 3]);
    expect(r.writes).toBe(2);
    expect(forge.issues.get(3)!.title).toBe(first.rows[2]!.title);
    expect((await applyPlan(forge, desiredPlan(spec(), []))).writes).toBe(0);
  });

  it('text appended after the marker counts as an edit too', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    await forge.updateIssue(4, { body: `${forge.issues.get(4)!.body}\nNote from the team.\n` });
    const r = await applyPlan(forge, desiredPlan(spec(), []));
    expect(r.keptEdits).toEqual([4]);
    expect(forge.issues.get(4)!.body).toContain('Note from the team.');
  });
});

describe('plan --extensions-only', () => {
  it('adds the extension’s issues and closes what it overrides, leaving base issues untouched', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    // The base spec changed too, but --extensions-only must not touch base issues.
    const changed = SPEC.replace('runners are added', 'runners are added within 60 s');
    const before = forge.issues.get(2)!.body;
    const r = await applyPlan(forge, desiredPlan(spec(changed), [ext()]), { extensionsOnly: true });
    expect(r.rows.filter((x) => x.action !== 'unchanged').map((x) => [x.number, x.action])).toEqual([
      [4, 'close'],
      [5, 'create'],
    ]);
    expect(forge.issues.get(1)!.body).not.toContain('superseded');
    expect(forge.issues.get(2)!.body).toBe(before);
    expect(await forge.listBlockedBy(5)).toEqual([2, 3]);
    expect(await forge.listSubIssues(1)).toEqual([2, 3, 4, 5]);
    // A full plan afterwards brings the base issues up to date.
    const full = await applyPlan(forge, desiredPlan(spec(changed), [ext()]));
    expect(full.rows.filter((x) => x.action === 'update').map((x) => x.number)).toEqual([1, 2]);
  });

  it('refuses when the base spec was never planned, writing nothing', async () => {
    const forge = new MemoryForge();
    await expect(
      applyPlan(forge, desiredPlan(spec(), [ext()]), { extensionsOnly: true }),
    ).rejects.toMatchObject({
      code: 'plan/no-base-plan',
      exit: 3,
    });
    expect(forge.writes.length).toBe(0);
  });
});
