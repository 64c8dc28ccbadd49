import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflowOf } from '../../../src/app/execution/index.js';
import { openApp } from '../../../src/app/kernel/index.js';
import { tempDir } from '../../helpers/cli.js';

function workspace(config: string, files: Record<string, string> = {}) {
  const dir = tempDir();
  writeFileSync(join(dir, 'papertrail.yaml'), config);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return openApp(dir, { PAPERTRAIL_TODAY: '2026-11-23' });
}

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; location?: unknown };
  }
  throw new Error('expected a refusal');
};

describe('the workspace’s workflow', () => {
  it('is the built-in one, governed when runbooks are required', () => {
    expect(workflowOf(workspace('repo: o/n\n')).id).toBe('wf-requirement');
    const gov = workflowOf(workspace('repo: o/n\ngovernance:\n  runbooks: required\n'));
    expect(gov.steps[0]!.gates).toEqual([
      { key: 'governance', kind: 'governance-panel', reentryStepKey: 'runbook' },
    ]);
  });

  it('has CI gates that require the checks execution.ci.required names, and all checks without it', () => {
    const ciGate = (config: string) =>
      workflowOf(workspace(config))
        .steps.flatMap((s) => s.gates ?? [])
        .find((g) => g.kind === 'ci-checks');
    expect(ciGate('repo: o/n\n')).toEqual({ key: 'ci', kind: 'ci-checks', reentryStepKey: 'implement' });
    expect(ciGate('repo: o/n\nexecution:\n  ci:\n    required: [Tests, Lint]\n')).toEqual({
      key: 'ci',
      kind: 'ci-checks',
      reentryStepKey: 'implement',
      required: ['Tests', 'Lint'],
    });
    // The other gates are left as they are.
    const wf = workflowOf(workspace('repo: o/n\nexecution:\n  ci:\n    required: [Tests]\n'));
    expect(wf.steps.find((s) => s.key === 'review')!.gates![0]).toEqual({
      key: 'review',
      kind: 'person',
      reentryStepKey: 'implement',
    });
  });

  it('is the file execution.workflow names: a Spec Kit tasks.md or a workflow YAML', () => {
    const tasks =
      '# Tasks: Orchestrator\n\n## Phase 3.1: Setup\n- [ ] T001 Create the project\n- [ ] T002 [P] Add lint\n- [ ] T003 [P] Add tests\n';
    const wf = workflowOf(workspace('repo: o/n\nexecution:\n  workflow: tasks.md\n', { 'tasks.md': tasks }));
    expect(wf.steps.map((s) => [s.key, s.parallelizable])).toEqual([
      ['T001', false],
      ['T002', true],
      ['T003', true],
    ]);
    const yaml =
      'id: wf-x\nname: X\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n  - key: a\n    order: 1\n    parallelizable: false\n    entryCriteria: []\n    exitCriteria: []\n    responsibleRole: dev\n';
    expect(
      workflowOf(workspace('repo: o/n\nexecution:\n  workflow: wf.yaml\n', { 'wf.yaml': yaml })).id,
    ).toBe('wf-x');
  });

  it('refuses a missing file and a bad workflow at its line', () => {
    expect(refusal(() => workflowOf(workspace('repo: o/n\nexecution:\n  workflow: nope.yaml\n'))).code).toBe(
      'work/no-workflow-file',
    );
    const bad = refusal(() =>
      workflowOf(
        workspace('repo: o/n\nexecution:\n  workflow: wf.yaml\n', {
          'wf.yaml': 'id: wf-x\nname: X\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps: 3\n',
        }),
      ),
    );
    expect(bad.code).toBe('workflow/invalid');
    expect(bad.location).toMatchObject({ file: 'wf.yaml', line: 5 });
  });
});
