import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { parseDoc } from '../../../src/domain/docs/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { EXT, SPEC, spec } from '../../helpers/seed-spec.js';

// The seed spec as upstream writes it: no `id:`, and no requirement IDs.
const NO_IDS = SPEC.replace('id: SPEC-0001\n', '').replace(/\*\*ID:\*\* REQ-\d+\n\n/g, '');
// …and as it was read before the heading counted: nothing named its ID, so it was "spec".
const AS_SPEC = NO_IDS.replace('# SPEC-0001: Runner Infrastructure', '# Runner Infrastructure');
const extNoIds = (src = EXT.replace('id: SPEC-0001-EXT-0001\n', '').replace('**ID:** REQ-001\n\n', '')) =>
  parseDoc({
    source: src,
    path: '/r/.github/spec/extensions/SPEC-0001-EXT-0001-audit-logging.md',
    file: '.github/spec/extensions/SPEC-0001-EXT-0001-audit-logging.md',
  });
const ext = () => extNoIds(EXT);

describe('a plan whose spec or requirements gain their IDs later', () => {
  it('maps name-keyed issues onto the requirement IDs, and `spec` issues onto the spec’s ID', async () => {
    const forge = new MemoryForge();
    const old = await applyPlan(forge, desiredPlan(spec(AS_SPEC), []));
    expect(old.rows.map((r) => r.key)).toEqual([
      'spec/tracking',
      'spec#Auto-Scaling',
      'spec#Security Isolation',
      'spec#Monitoring',
    ]);
    const now = await applyPlan(forge, desiredPlan(spec(), []));
    expect(now.rows.map((r) => [r.number, r.key, r.action])).toEqual([
      [1, 'SPEC-0001/tracking', 'update'],
      [2, 'SPEC-0001/REQ-001', 'update'],
      [3, 'SPEC-0001/REQ-002', 'update'],
      [4, 'SPEC-0001/REQ-003', 'update'],
    ]);
    expect(forge.issues.size).toBe(4);
    expect([...forge.issues.values()].map((i) => i.labels.filter((l) => l.startsWith('spec:')))).toEqual([
      ['spec:SPEC-0001'],
      ['spec:SPEC-0001'],
      ['spec:SPEC-0001'],
      ['spec:SPEC-0001'],
    ]);
    expect((await applyPlan(forge, desiredPlan(spec(), []))).writes).toBe(0);
  });

  it('maps an extension’s name-keyed issue onto its requirement ID', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(NO_IDS), [extNoIds()]));
    const r = await applyPlan(forge, desiredPlan(spec(NO_IDS), [ext()]));
    expect(r.rows.filter((x) => x.action === 'create')).toEqual([]);
    expect(r.rows.find((x) => x.key === 'SPEC-0001-EXT-0001/REQ-001')!.number).toBe(4);
  });

  it('keeps the first set when an earlier version made a second under the new ID, and lists the copies', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(AS_SPEC), []));
    // What a version that ignored former keys did once the ID appeared: a second set, #5–#8.
    for (const i of [...forge.issues.values()])
      await forge.createIssue({
        title: i.title,
        body: i.body.replace(/key=spec/, 'key=SPEC-0001'),
        labels: ['spec:SPEC-0001'],
      });
    const r = await applyPlan(forge, desiredPlan(spec(NO_IDS), []));
    // The first set is kept, as for any copies: the team's work (a closed issue) is on it.
    expect(r.rows.map((x) => x.number)).toEqual([1, 2, 3, 4]);
    expect(r.duplicates).toEqual([5, 6, 7, 8]);
    expect(forge.issues.size).toBe(8);
  });
});
