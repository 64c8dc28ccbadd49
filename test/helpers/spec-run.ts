import type { NewRun } from '../../src/ports/store/index.js';

/** A low-risk dev run of the built-in spec template with the given gates, as ops tests create it. */
export function specRun(gates: NewRun['gates']): NewRun {
  return {
    env: 'dev',
    kind: 'spec',
    template: { slug: 'spec', title: 'Spec', description: '', source: 'built-in', yaml: 'slug: spec\n' },
    intent: null,
    input: {},
    plan: { phases: [] },
    risk: 'low',
    requestedBy: 'ana',
    approvalDeadline: null,
    quorum: 1,
    gates,
    events: [],
  };
}
