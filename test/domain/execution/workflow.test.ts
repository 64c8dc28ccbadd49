import { describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/index.js';
import {
  defaultWorkflow,
  importSpecKitTasks,
  launchGroups,
  parseWorkflowYaml,
  workflowRef,
} from '../../../src/domain/execution/index.js';

/** The error a call throws, as its JSON (code, message, hint, location, exit). */
function refusal(f: () => unknown): Record<string, unknown> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PtError);
    return (e as PtError).toJSON();
  }
  throw new Error('expected a refusal');
}

const GOOD = `id: wf-feature
name: Feature
version: "1.0.0"
effectiveFrom: 2025-09-19
steps:
  - key: design
    order: 1
    responsibleRole: architect
    exitCriteria: [design reviewed]
  - key: api
    order: 2
    parallelizable: true
    responsibleRole: developer
  - key: ui
    order: 3
    parallelizable: true
    responsibleRole: developer
    entryCriteria: ["after: api"]
  - key: review
    order: 4
    responsibleRole: reviewer
    gates:
      - key: review
        kind: person
        reentryStepKey: api
`;

describe('workflow YAML', () => {
  it('reads the workflow file format with defaults for the optional fields', () => {
    const wf = parseWorkflowYaml(GOOD, 'artifacts/workflows/wf-feature.yaml');
    expect(workflowRef(wf)).toBe('wf-feature@1.0.0');
    expect(wf.effectiveFrom).toBe('2025-09-19');
    expect(wf.steps[0]).toEqual({
      key: 'design',
      order: 1,
      parallelizable: false,
      entryCriteria: [],
      exitCriteria: ['design reviewed'],
      responsibleRole: 'architect',
    });
    expect(wf.steps[3]!.gates).toEqual([{ key: 'review', kind: 'person', reentryStepKey: 'api' }]);
    expect(launchGroups(wf.steps).group).toEqual([0, 1, 1, 2]);
  });

  const cases: [string, string, string, number, number][] = [
    ['a duplicate key', GOOD.replace('key: ui', 'key: api'), 'workflow/duplicate-key', 14, 10],
    [
      'a duplicate sequential order',
      GOOD.replace('order: 4', 'order: 1'),
      'workflow/duplicate-order',
      20,
      12,
    ],
    [
      'an unknown step in after:',
      GOOD.replace('"after: api"', '"after: apx"'),
      'workflow/unknown-step',
      18,
      21,
    ],
    [
      'an unknown re-entry step',
      GOOD.replace('reentryStepKey: api', 'reentryStepKey: nope'),
      'workflow/unknown-step',
      25,
      25,
    ],
    [
      'a wait for a later step',
      GOOD.replace('exitCriteria: [design reviewed]', 'entryCriteria: ["after: review"]'),
      'workflow/cycle',
      9,
      21,
    ],
    ['a wait for itself', GOOD.replace('"after: api"', '"after: ui"'), 'workflow/cycle', 18, 21],
    [
      'an unknown field',
      GOOD.replace('    order: 2\n', '    order: 2\n    owner: me\n'),
      'workflow/unknown-field',
      12,
      5,
    ],
    ['a missing role', GOOD.replace('    responsibleRole: architect\n', ''), 'workflow/invalid', 6, 5],
    ['an unquoted version', GOOD.replace('"1.0.0"', '1.0'), 'workflow/invalid', 3, 10],
    ['a zero order', GOOD.replace('order: 1', 'order: 0'), 'workflow/invalid', 7, 12],
    ['a bad gate kind', GOOD.replace('kind: person', 'kind: robot'), 'workflow/invalid', 24, 15],
    ['bad YAML', GOOD.replace('steps:', 'steps: [\n'), 'workflow/yaml-syntax', 0, 0],
  ];
  for (const [what, text, code, line, column] of cases)
    it(`refuses ${what} at file:line:col with ${code}, exit 3`, () => {
      const e = refusal(() => parseWorkflowYaml(text, 'wf.yaml'));
      expect(e.code).toBe(code);
      expect(e.exit).toBe(3);
      expect(e.hint).toBeTruthy();
      const loc = e.location as { file: string; line: number; column: number };
      expect(loc.file).toBe('wf.yaml');
      if (line) expect([loc.line, loc.column]).toEqual([line, column]);
    });

  it('refuses steps of one group that wait for each other in a circle', () => {
    const text = GOOD.replace(
      '    parallelizable: true\n    responsibleRole: developer\n  - key: ui',
      '    parallelizable: true\n    responsibleRole: developer\n    entryCriteria: ["after: ui"]\n  - key: ui',
    );
    const e = refusal(() => parseWorkflowYaml(text, 'wf.yaml'));
    expect(e.code).toBe('workflow/cycle');
    expect(e.message).toMatch(/api -> ui -> api/);
  });

  it('refuses a gate key used twice and a gate that rewinds to a later step', () => {
    const twice = GOOD.replace(
      '    responsibleRole: architect\n',
      '    responsibleRole: architect\n    gates: [{key: review, kind: person}]\n',
    );
    expect(refusal(() => parseWorkflowYaml(twice, 'wf.yaml')).code).toBe('workflow/duplicate-gate');
    const later = GOOD.replace(
      '    responsibleRole: architect\n',
      '    responsibleRole: architect\n    gates: [{key: d, kind: person, reentryStepKey: ui}]\n',
    );
    expect(refusal(() => parseWorkflowYaml(later, 'wf.yaml')).code).toBe('workflow/bad-reentry');
  });

  it('reads an unquoted `- after: key` entry criterion as the wait it means', () => {
    const wf = parseWorkflowYaml(
      GOOD.replace('entryCriteria: ["after: api"]', 'entryCriteria:\n      - after: api'),
      'wf.yaml',
    );
    expect(wf.steps[2]!.entryCriteria).toEqual(['after: api']);
    const e = refusal(() =>
      parseWorkflowYaml(
        GOOD.replace('entryCriteria: ["after: api"]', 'entryCriteria:\n      - after: apx'),
        'wf.yaml',
      ),
    );
    expect(e).toMatchObject({ code: 'workflow/unknown-step', location: { line: 19, column: 9 } });
  });

  it('lets parallelizable steps share an order', () => {
    const wf = parseWorkflowYaml(GOOD.replace('order: 3', 'order: 2'), 'wf.yaml');
    expect(launchGroups(wf.steps).sorted.map((s) => s.key)).toEqual(['design', 'api', 'ui', 'review']);
  });
});

describe('the default workflow', () => {
  it('is runbook, implement, review, integrate; the panel gates the runbook only when runbooks are required', () => {
    const gov = defaultWorkflow({ runbooks: 'required' });
    expect(gov.steps.map((s) => s.key)).toEqual(['runbook', 'implement', 'review', 'integrate']);
    expect(gov.steps[0]!.gates).toEqual([
      { key: 'governance', kind: 'governance-panel', reentryStepKey: 'runbook' },
    ]);
    expect(gov.steps[2]!.gates!.map((g) => [g.kind, g.reentryStepKey])).toEqual([
      ['person', 'implement'],
      ['ci-checks', 'implement'],
    ]);
    expect(defaultWorkflow({ runbooks: 'optional' }).steps[0]!.gates).toBeUndefined();
  });

  it('passes the same checks as a custom workflow (written out as YAML and read back)', () => {
    for (const runbooks of ['required', 'optional'] as const) {
      const wf = defaultWorkflow({ runbooks });
      expect(parseWorkflowYaml(JSON.stringify(wf), 'default.json')).toEqual(wf);
    }
  });
});

const TASKS = `# Tasks: Plan-to-Execution Orchestrator

## Phase 3.1: Setup
- [x] T001 Create project structure
- [ ] T002 [P] Configure linting
- [ ] T003 [P] Configure formatting

## Phase 3.2: Tests First
- [ ] T005 [P] [US1] Contract test for claim
- [ ] T004 [P] Contract test for handoff schema
- [ ] T006 Integration test
- Note: T007 is not a task line
`;

describe('Spec Kit tasks.md import', () => {
  it('makes a step per task, ordered by phase then number, [P] parallelizable, phases one after the other', () => {
    const { workflow, done } = importSpecKitTasks(TASKS, 'specs/001/tasks.md', {
      effectiveFrom: '2025-09-19',
    });
    expect(workflow.id).toBe('wf-plan-to-execution-orchestrator');
    expect(workflow.name).toBe('Plan-to-Execution Orchestrator');
    expect(done).toEqual(['T001']);
    expect(workflow.steps.map((s) => [s.key, s.order, s.parallelizable])).toEqual([
      ['T001', 1, false],
      ['T002', 2, true],
      ['T003', 3, true],
      ['T004', 4, true],
      ['T005', 5, true],
      ['T006', 6, false],
    ]);
    expect(workflow.steps[4]!.exitCriteria).toEqual(['[US1] Contract test for claim']);
    // T004 and T005 start phase 3.2 with [P] tasks: they wait for phase 3.1's trailing [P] tasks.
    expect(workflow.steps[3]!.entryCriteria).toEqual(['after: T002', 'after: T003']);
    expect(workflow.steps[4]!.entryCriteria).toEqual(['after: T002', 'after: T003']);
    expect(workflow.steps[1]!.entryCriteria).toEqual([]);
  });

  it('refuses a task id used twice at its line and column, and a file without tasks', () => {
    const e = refusal(() =>
      importSpecKitTasks(`${TASKS}  - [ ] T002 again\n`, 'tasks.md', { effectiveFrom: '2025-09-19' }),
    );
    expect(e).toMatchObject({
      code: 'workflow/duplicate-key',
      exit: 3,
      location: { file: 'tasks.md', line: 13, column: 9 },
    });
    expect(
      refusal(() => importSpecKitTasks('# Tasks\n', 'tasks.md', { effectiveFrom: '2025-09-19' })),
    ).toMatchObject({
      code: 'workflow/no-steps',
      exit: 3,
    });
  });
});
