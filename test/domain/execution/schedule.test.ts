import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/index.js';
import {
  defaultWorkflow,
  rewind,
  type ScheduleItem,
  type StepState,
  schedule,
  type Workflow,
} from '../../../src/domain/execution/index.js';

const wf = (steps: [key: string, order: number, parallel?: boolean, after?: string][]): Workflow => ({
  id: 'wf-t',
  name: 'T',
  version: '1.0.0',
  effectiveFrom: '2026-01-01',
  steps: steps.map(([key, order, parallel, after]) => ({
    key,
    order,
    parallelizable: parallel ?? false,
    entryCriteria: after ? [`after: ${after}`] : [],
    exitCriteria: [],
    responsibleRole: 'dev',
  })),
});

const DEFAULT = defaultWorkflow({ runbooks: 'required' });
const launched = (items: ScheduleItem[]) => schedule(items).launch.map((l) => `#${l.issue}:${l.step}`);

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PtError);
    expect((e as PtError).exit).toBe(3);
    return (e as PtError).code;
  }
  throw new Error('expected a refusal');
}

describe('schedule (FR-005)', () => {
  it('runs sequential steps by order, one at a time, and says what the others wait for', () => {
    const s = schedule([{ issue: 1, workflow: DEFAULT }]);
    expect(s.launch).toEqual([{ issue: 1, step: 'runbook', order: 1, parallelizable: false, rank: 0 }]);
    expect(s.waiting).toEqual([
      { issue: 1, step: 'implement', rank: 0, reason: 'earlier', waitsFor: 'runbook' },
      { issue: 1, step: 'review', rank: 0, reason: 'earlier', waitsFor: 'runbook' },
      { issue: 1, step: 'integrate', rank: 0, reason: 'earlier', waitsFor: 'runbook' },
    ]);
    expect(
      launched([{ issue: 1, workflow: DEFAULT, steps: { runbook: 'done', implement: 'skipped' } }]),
    ).toEqual(['#1:review']);
  });

  it('launches a run of parallelizable ready steps together, in ascending order, equal orders by key', () => {
    const w = wf([
      ['setup', 1],
      ['zeta', 2, true],
      ['beta', 3, true],
      ['alpha', 3, true],
      ['docs', 5, true],
      ['ship', 6],
    ]);
    expect(launched([{ issue: 7, workflow: w, steps: { setup: 'done' } }])).toEqual([
      '#7:zeta',
      '#7:alpha',
      '#7:beta',
      '#7:docs',
    ]);
    expect(schedule([{ issue: 7, workflow: w, steps: { setup: 'done' } }]).waiting).toEqual([
      { issue: 7, step: 'ship', rank: 0, reason: 'earlier', waitsFor: 'zeta' },
    ]);
  });

  it('never preempts a running step, and launches its ready neighbours', () => {
    const w = wf([
      ['a', 1, true],
      ['b', 2, true],
      ['c', 3],
    ]);
    const s = schedule([{ issue: 1, workflow: w, steps: { a: 'running' } }]);
    expect(s.running).toEqual([{ issue: 1, step: 'a', rank: 0 }]);
    expect(s.launch.map((l) => l.step)).toEqual(['b']);
    expect(s.waiting).toEqual([{ issue: 1, step: 'c', rank: 0, reason: 'earlier', waitsFor: 'a' }]);
  });

  it('holds a step back until the step it waits for (after:) is done', () => {
    const w = wf([
      ['a', 1, true],
      ['b', 2, true, 'a'],
    ]);
    expect(schedule([{ issue: 1, workflow: w }]).waiting).toEqual([
      { issue: 1, step: 'b', rank: 0, reason: 'after', waitsFor: 'a' },
    ]);
    expect(launched([{ issue: 1, workflow: w, steps: { a: 'done' } }])).toEqual(['#1:b']);
  });

  it('keeps later steps behind a pending gate or a held retry', () => {
    const s = schedule([
      { issue: 1, workflow: DEFAULT, steps: { runbook: 'gate' } },
      { issue: 2, workflow: DEFAULT, steps: { runbook: 'done', implement: 'held' } },
    ]);
    expect(s.launch).toEqual([]);
    expect(s.waiting.filter((w) => w.reason === 'gate' || w.reason === 'held')).toEqual([
      { issue: 1, step: 'runbook', rank: 0, reason: 'gate' },
      { issue: 2, step: 'implement', rank: 0, reason: 'held' },
    ]);
  });

  it('orders items by topological rank, then issue number; blocked items wait for their blockers', () => {
    // Seed 000's plan: #2 and #3 in parallel, #4 after both, #5 on its own.
    const items: ScheduleItem[] = [
      { issue: 4, workflow: DEFAULT, blockedBy: [3, 2] },
      { issue: 5, workflow: DEFAULT },
      { issue: 3, workflow: DEFAULT },
      { issue: 2, workflow: DEFAULT },
    ];
    expect(launched(items)).toEqual(['#2:runbook', '#3:runbook', '#5:runbook']);
    expect(schedule(items).waiting[9]).toEqual({
      issue: 4,
      step: 'runbook',
      rank: 1,
      reason: 'blocked',
      blockedBy: [2, 3],
    });
    const all = { runbook: 'done', implement: 'done', review: 'done', integrate: 'done' } as const;
    items[3]!.steps = all;
    expect(schedule(items).waiting.find((w) => w.issue === 4)).toMatchObject({ blockedBy: [3] });
    items[2]!.steps = all;
    const s = schedule(items);
    expect(s.launch.map((l) => `#${l.issue}:${l.step}:${l.rank}`)).toEqual(['#5:runbook:0', '#4:runbook:1']);
    expect(s.done).toEqual([2, 3]);
  });

  it('lets a cancelled item launch nothing and block nothing', () => {
    const s = schedule([
      { issue: 2, workflow: DEFAULT, cancelled: true },
      { issue: 3, workflow: DEFAULT, blockedBy: [2] },
    ]);
    expect(s.launch.map((l) => l.issue)).toEqual([3]);
    expect(s.cancelled).toEqual([2]);
  });

  it('refuses a cycle of blockers and names it, smallest issue first', () => {
    const items: ScheduleItem[] = [
      { issue: 9, workflow: DEFAULT, blockedBy: [7] },
      { issue: 7, workflow: DEFAULT, blockedBy: [8] },
      { issue: 8, workflow: DEFAULT, blockedBy: [9] },
      { issue: 10, workflow: DEFAULT, blockedBy: [9] },
    ];
    try {
      schedule(items);
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as PtError).toJSON()).toMatchObject({
        code: 'schedule/cycle',
        message: 'work items block each other in a circle: #7 blocked by #8 blocked by #9 blocked by #7',
        exit: 3,
        details: { cycle: [7, 8, 9] },
      });
    }
    expect(code(() => schedule([{ issue: 1, workflow: DEFAULT, blockedBy: [1] }]))).toBe('schedule/cycle');
  });

  it('refuses an unknown blocker, two items for one issue and a state for an unknown step', () => {
    expect(code(() => schedule([{ issue: 1, workflow: DEFAULT, blockedBy: [2] }]))).toBe(
      'schedule/unknown-blocker',
    );
    expect(
      code(() =>
        schedule([
          { issue: 1, workflow: DEFAULT },
          { issue: 1, workflow: DEFAULT },
        ]),
      ),
    ).toBe('schedule/duplicate-item');
    expect(code(() => schedule([{ issue: 1, workflow: DEFAULT, steps: { deploy: 'done' } }]))).toBe(
      'schedule/unknown-step',
    );
  });

  it('rewinds to the re-entry step on a rejection: that step and every later one are pending again', () => {
    const steps = { runbook: 'done', implement: 'done', review: 'gate' } as const;
    expect(rewind(DEFAULT, steps, 'implement')).toEqual({
      runbook: 'done',
      implement: 'pending',
      review: 'pending',
      integrate: 'pending',
    });
    expect(code(() => rewind(DEFAULT, steps, 'deploy'))).toBe('workflow/unknown-step');
  });
});

// Random plans: item i may be blocked only by items before it (a DAG), issue numbers are a random
// permutation, step states random; the workflows are shared by reference as a store would build them.
const WORKFLOWS = [
  DEFAULT,
  wf([
    ['a', 1, true],
    ['b', 1, true],
    ['c', 2, true, 'a'],
    ['d', 3],
  ]),
];
const STATES: StepState[] = ['pending', 'pending', 'running', 'gate', 'held', 'done', 'done', 'skipped'];

const arbPlan = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      issues: fc.shuffledSubarray(
        Array.from({ length: n * 3 }, (_, i) => i + 1),
        { minLength: n, maxLength: n },
      ),
      blockers: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
      wfs: fc.array(fc.nat(1), { minLength: n, maxLength: n }),
      states: fc.array(fc.array(fc.constantFrom(...STATES), { minLength: 4, maxLength: 4 }), {
        minLength: n,
        maxLength: n,
      }),
      cancelled: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      seed: fc.nat(),
    }),
  )
  .map(({ issues, blockers, wfs, states, cancelled, seed }) =>
    issues.map((issue, i): ScheduleItem => {
      const workflow = WORKFLOWS[wfs[i]!]!;
      return {
        issue,
        workflow,
        cancelled: cancelled[i]! && (seed + i) % 5 === 0,
        steps: Object.fromEntries(workflow.steps.map((s, k) => [s.key, states[i]![k]!])),
        blockedBy: i === 0 ? [] : blockers[i]!.map((b) => issues[b % i]!),
      };
    }),
  );

/** A deterministic shuffle: the same plan given in another order, blockers and step states included. */
function shuffled(items: ScheduleItem[], seed: number): ScheduleItem[] {
  let x = seed | 1;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const shuffle = <T>(a: T[]) => {
    const b = [...a];
    for (let i = b.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [b[i], b[j]] = [b[j]!, b[i]!];
    }
    return b;
  };
  return shuffle(items).map((it) => ({
    ...it,
    blockedBy: shuffle([...(it.blockedBy ?? [])]),
    steps: Object.fromEntries(shuffle(Object.entries(it.steps ?? {}))),
  }));
}

describe('schedule properties', () => {
  it('gives byte-identical output for the same plan in any input order', () => {
    fc.assert(
      fc.property(arbPlan, fc.integer(), (items, seed) => {
        expect(JSON.stringify(schedule(shuffled(items, seed)))).toBe(JSON.stringify(schedule(items)));
      }),
      { numRuns: 300 },
    );
  });

  it('launches only unblocked steps, in (rank, issue, order, key) order, a blocker always ranked lower', () => {
    fc.assert(
      fc.property(arbPlan, (items) => {
        const s = schedule(items);
        const byIssue = new Map(items.map((it) => [it.issue, it]));
        const done = new Set(s.done);
        const rank = new Map([...s.launch, ...s.running, ...s.waiting].map((x) => [x.issue, x.rank]));
        for (const l of s.launch) {
          const it = byIssue.get(l.issue)!;
          expect(it.cancelled).toBeFalsy();
          for (const b of it.blockedBy ?? []) if (!byIssue.get(b)!.cancelled) expect(done.has(b)).toBe(true);
        }
        for (const [issue, r] of rank)
          for (const b of byIssue.get(issue)!.blockedBy ?? [])
            if (rank.has(b) && !byIssue.get(b)!.cancelled) expect(rank.get(b)!).toBeLessThan(r);
        const key = (l: (typeof s.launch)[number]) => [l.rank, l.issue, l.order, l.step] as const;
        for (let i = 1; i < s.launch.length; i++) {
          const [a, b] = [key(s.launch[i - 1]!), key(s.launch[i]!)];
          const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1);
          expect(cmp).toBeLessThan(0);
        }
        // Every step not done appears exactly once: launched, running or waiting.
        const listed = [...s.launch, ...s.running, ...s.waiting].map((x) => `${x.issue}:${x.step}`);
        expect(new Set(listed).size).toBe(listed.length);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any cycle the blockers close, naming issues that block each other in turn', () => {
    let closed = 0;
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.nat(), (items, a, b) => {
        const live = items.filter((it) => !it.cancelled);
        if (live.length < 1) return;
        // A back edge from an early item to a later one that (transitively) it blocks closes a cycle.
        const from = live[a % live.length]!;
        const to = live[b % live.length]!;
        const reaches = (x: ScheduleItem, target: number, seen = new Set<number>()): boolean =>
          x.issue === target ||
          (x.blockedBy ?? []).some((y) => {
            const it = items.find((i) => i.issue === y)!;
            if (it.cancelled || seen.has(y)) return false;
            seen.add(y);
            return reaches(it, target, seen);
          });
        if (!reaches(to, from.issue)) return;
        const cyclic = items.map((it) =>
          it === from ? { ...it, blockedBy: [...(it.blockedBy ?? []), to.issue] } : it,
        );
        closed++;
        try {
          schedule(cyclic);
          throw new Error('expected a cycle');
        } catch (e) {
          expect((e as PtError).code).toBe('schedule/cycle');
          const cycle = ((e as PtError).details as { cycle: number[] }).cycle;
          cycle.forEach((issue, i) => {
            const next = cycle[(i + 1) % cycle.length]!;
            expect(cyclic.find((it) => it.issue === issue)!.blockedBy).toContain(next);
          });
        }
      }),
      { numRuns: 300 },
    );
    expect(closed).toBeGreaterThan(30);
  });
});
