import type { Workflow } from './model.js';

export interface DefaultWorkflowOptions {
  /** `governance.runbooks` in papertrail.yaml: when required, the runbook step ends in the panel's verdict. */
  runbooks: 'required' | 'optional';
}

/**
 * The built-in workflow of a requirement issue: write the runbook, implement, review, integrate (merge
 * the pull request into the base branch). The review ends in a person's decision and the CI checks of
 * the pull request; a rejection there sends the item back to implement.
 */
export function defaultWorkflow(opts: DefaultWorkflowOptions): Workflow {
  const required = opts.runbooks === 'required';
  return {
    id: required ? 'wf-requirement-governed' : 'wf-requirement',
    name: required ? 'Requirement issue (governed runbook)' : 'Requirement issue',
    version: '1.0.0',
    effectiveFrom: '2026-01-01',
    steps: [
      {
        key: 'runbook',
        order: 1,
        parallelizable: false,
        entryCriteria: ['the work item is not blocked'],
        exitCriteria: required ? ['the governance panel accepts the runbook'] : ['the runbook is written'],
        responsibleRole: 'implementer',
        ...(required
          ? { gates: [{ key: 'governance', kind: 'governance-panel' as const, reentryStepKey: 'runbook' }] }
          : {}),
      },
      {
        key: 'implement',
        order: 2,
        parallelizable: false,
        entryCriteria: [],
        exitCriteria: ['a pull request that resolves the issue'],
        responsibleRole: 'implementer',
      },
      {
        key: 'review',
        order: 3,
        parallelizable: false,
        entryCriteria: [],
        exitCriteria: ['a reviewer other than the implementer approves', 'the CI checks pass'],
        responsibleRole: 'reviewer',
        gates: [
          { key: 'review', kind: 'person', reentryStepKey: 'implement' },
          { key: 'ci', kind: 'ci-checks', reentryStepKey: 'implement' },
        ],
      },
      {
        key: 'integrate',
        order: 4,
        parallelizable: false,
        entryCriteria: [],
        exitCriteria: ['the pull request is merged into the base branch'],
        responsibleRole: 'integrator',
      },
    ],
  };
}
