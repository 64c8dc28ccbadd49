import { describe, expect, it } from 'vitest';
import { applyPlan, planTable } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan, markerOf } from '../../../src/domain/plan/index.js';
import type { ForgePort } from '../../../src/ports/forge/index.js';
import { MemoryForge } from '../../helpers/memory-forge.js';
import { ext, SPEC, spec } from '../../helpers/seed-spec.js';

/** A forge whose writes start failing after `n` of them, like a process killed mid-plan. */
function crashingAfter(inner: MemoryForge, n: number): ForgePort {
  let left = n;
  const guard = <T>(f: () => Promise<T>) => {
    if (left-- <= 0) return Promise.reject(new Error('killed'));
    return f();
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      // Reads, and the batch that wraps the writes, are not writes.
      if (typeof v !== 'function' || String(prop).startsWith('list') || prop === 'batch')
        return typeof v === 'function' ? v.bind(target) : v;
      return (...args: unknown[]) => guard(() => v.apply(target, args));
    },
  });
}

describe('plan', () => {
  it('gives seed 000’s issues: #1 tracking, #2–#4 requirements, #4 blocked by #2 and #3', async () => {
    const forge = new MemoryForge('github/runner-infra');
    const report = await applyPlan(forge, desiredPlan(spec(), []));
    expect(report.rows.map((r) => [r.number, r.title, r.type, r.blockedBy])).toEqual([
      [1, '[SPEC-0001] Runner Infrastructure', 'tracking', []],
      [2, '[REQ] Auto-Scaling', 'requirement', []],
      [3, '[REQ] Security Isolation', 'requirement', []],
      [4, '[REQ] Monitoring', 'requirement', [2, 3]],
    ]);
    expect(await forge.listBlockedBy(4)).toEqual([2, 3]);
    expect(await forge.listSubIssues(1)).toEqual([2, 3, 4]);
    expect(forge.issues.get(2)!.labels).toEqual(['spec:SPEC-0001', 'requirement']);
    expect(markerOf(forge.issues.get(4)!.body)).toBe('SPEC-0001/REQ-003');
    expect(forge.issues.get(4)!.body).toContain(
      '- [ ] **Prometheus metrics**: GIVEN the system is running, WHEN Prometheus scrapes /metrics, THEN it returns queue_depth',
    );
    // One create per issue and label, plus the links; nothing else.
    expect(report.writes).toBe(3 + 4 + 3 + 2);
    expect(planTable(report)).toContain('└── #4 Monitoring (blocked by #2, #3)');
  });

  it('a dry run names the blockers it would create, where it has no number for them yet', async () => {
    const report = await applyPlan(new MemoryForge(), desiredPlan(spec(), []), { dryRun: true });
    const table = planTable(report);
    expect(table).toContain(
      '| - | [REQ] Monitoring | Requirement | Auto-Scaling (new), Security Isolation (new) |',
    );
    expect(table).toContain('└── (new) Monitoring (blocked by Auto-Scaling (new), Security Isolation (new))');
    expect(table).not.toContain('(new), (new)');
  });

  it('writes nothing when run again, and updates only what changed', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    const before = forge.writes.length;
    const again = await applyPlan(forge, desiredPlan(spec(), []));
    expect(again.writes).toBe(0);
    expect(forge.writes.length).toBe(before);
    const renamed = await applyPlan(
      forge,
      desiredPlan(spec(SPEC.replaceAll('Security Isolation', 'Job Isolation')), []),
    );
    expect(renamed.rows.filter((r) => r.action !== 'unchanged').map((r) => [r.number, r.action])).toEqual([
      [1, 'update'],
      [3, 'update'],
      [4, 'update'],
    ]);
    expect(forge.issues.size).toBe(4);
  });

  it('an override closes the replaced issue as superseded and inherits its blockers', async () => {
    const forge = new MemoryForge();
    await applyPlan(forge, desiredPlan(spec(), []));
    const r = await applyPlan(forge, desiredPlan(spec(), [ext()]));
    const row = r.rows.find((x) => x.key === 'SPEC-0001-EXT-0001/REQ-001')!;
    expect(row).toMatchObject({ number: 5, action: 'create', type: 'override', blockedBy: [2, 3] });
    expect(forge.issues.get(4)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(forge.comments).toEqual([
      { number: 4, body: 'Superseded by #5 via extension SPEC-0001-EXT-0001' },
    ]);
    expect(forge.issues.get(5)!.labels).toEqual([
      'spec:SPEC-0001',
      'requirement',
      'extension:SPEC-0001-EXT-0001',
      'override',
    ]);
    expect((await applyPlan(forge, desiredPlan(spec(), [ext()]))).writes).toBe(0);
  });

  it('a plan killed after any number of writes finishes on the next run with exactly one issue per requirement', async () => {
    const total = (await applyPlan(new MemoryForge(), desiredPlan(spec(), [ext()]))).writes;
    for (let k = 0; k <= total; k++) {
      const forge = new MemoryForge();
      await applyPlan(crashingAfter(forge, k), desiredPlan(spec(), [ext()])).catch(() => undefined);
      // A second crash on the re-run, too.
      await applyPlan(crashingAfter(forge, Math.floor(k / 2)), desiredPlan(spec(), [ext()])).catch(
        () => undefined,
      );
      const final = await applyPlan(forge, desiredPlan(spec(), [ext()]));
      const keys = [...forge.issues.values()].map((i) => markerOf(i.body));
      expect(new Set(keys).size, `crash after ${k} writes`).toBe(keys.length);
      expect(keys.sort()).toEqual([
        'SPEC-0001-EXT-0001/REQ-001',
        'SPEC-0001/REQ-001',
        'SPEC-0001/REQ-002',
        'SPEC-0001/tracking',
      ]);
      expect(final.duplicates).toEqual([]);
      expect((await applyPlan(forge, desiredPlan(spec(), [ext()]))).writes, `re-plan after crash ${k}`).toBe(
        0,
      );
    }
    expect(total).toBeGreaterThan(10);
  });

  it('a dry run reports without writing', async () => {
    const forge = new MemoryForge();
    const r = await applyPlan(forge, desiredPlan(spec(), []), { dryRun: true });
    expect(r.rows.map((x) => x.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(forge.writes).toEqual([]);
  });

  it('a dry run predicts every write of the real run, the links of issues not created yet included', async () => {
    // From nothing, then with an extension that adds and overrides requirements on a planned base.
    const forge = new MemoryForge();
    for (const extensions of [[], [ext()]]) {
      const model = desiredPlan(spec(), extensions);
      const predicted = await applyPlan(forge, model, { dryRun: true });
      expect(forge.writes).toEqual([]);
      const done = await applyPlan(forge, model);
      expect(predicted.writes).toBe(forge.writes.length);
      expect(predicted.links).toEqual(done.links);
      expect(predicted.rows.map((r) => r.action)).toEqual(done.rows.map((r) => r.action));
      forge.writes.length = 0;
    }
  });

  it('refuses a dependency that resolves nowhere', () => {
    expect(() =>
      desiredPlan(spec(SPEC.replace('Auto-Scaling, Security Isolation', 'Auto-Scaling, Telemetry')), []),
    ).toThrow(/depends on "Telemetry"/);
  });

  it('hangs more than 100 requirements under group issues, since GitHub allows 100 sub-issues per parent', async () => {
    const reqs = Array.from(
      { length: 250 },
      (_, i) =>
        `### Requirement: R${i + 1}\n\n**ID:** REQ-${String(i + 1).padStart(3, '0')}\n\nThe system SHALL do ${i + 1}.\n\n#### Scenario: S\n\n- **GIVEN** a\n- **WHEN** b\n- **THEN** c\n`,
    ).join('\n');
    const big = spec(SPEC.slice(0, SPEC.indexOf('### Requirement: Auto-Scaling')) + reqs);
    const forge = new MemoryForge();
    const r = await applyPlan(forge, desiredPlan(big, []));
    expect(r.rows.filter((x) => x.type === 'group').map((x) => [x.number, x.title])).toEqual([
      [2, '[SPEC-0001] Requirements 1–100'],
      [3, '[SPEC-0001] Requirements 101–200'],
      [4, '[SPEC-0001] Requirements 201–250'],
    ]);
    expect(await forge.listSubIssues(1)).toEqual([2, 3, 4]);
    expect((await forge.listSubIssues(2)).length).toBe(100);
    expect((await forge.listSubIssues(4)).length).toBe(50);
    expect((await applyPlan(forge, desiredPlan(big, []))).writes).toBe(0);
  });
});
