// The workflow vocabulary of the execution engine: a workflow is an ordered list of steps a work item
// moves through; a step may end in gates (a person's decision, the governance panel's verdict, CI checks)
// that must pass before the item moves on. Field names follow the handoff-artifact world's workflow
// files (`id, name, version, effectiveFrom, steps[{key, order, parallelizable, entryCriteria,
// exitCriteria, responsibleRole}]`), so such files load unchanged.

export const GATE_KINDS = ['person', 'governance-panel', 'ci-checks'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

/** A gate at a step's exit. A rejection rewinds the work item to `reentryStepKey` (the step itself if absent). */
export interface Gate {
  /** Unique in the workflow: a gate decision is filed under the work item and this key. */
  key: string;
  kind: GateKind;
  reentryStepKey?: string;
  /** A ci-checks gate: the checks that must pass (others count only when they fail); all of them without it. */
  required?: readonly string[];
}

export interface Step {
  key: string;
  /** Position in the workflow, from 1. Parallelizable steps may share one; sequential steps may not. */
  order: number;
  parallelizable: boolean;
  /** Free text, except `after: <step key>`, which makes this step wait for that one too. */
  entryCriteria: string[];
  exitCriteria: string[];
  responsibleRole: string;
  /** The tasks this step stands for (Spec Kit task ids when imported from tasks.md). */
  supportingTasks?: string[];
  gates?: Gate[];
}

export interface Workflow {
  id: string;
  name: string;
  version: string;
  /** ISO date (YYYY-MM-DD) from which the workflow applies. */
  effectiveFrom: string;
  steps: Step[];
}

/** The reference a work item keeps to its workflow: `wf-requirement@1.0.0`. */
export function workflowRef(wf: Pick<Workflow, 'id' | 'version'>): string {
  return `${wf.id}@${wf.version}`;
}

const AFTER = /^after:\s*(\S+)\s*$/i;

/** The step keys an entry criterion of the form `after: <key>` names. */
export function afterKeys(step: Pick<Step, 'entryCriteria'>): string[] {
  const out: string[] = [];
  for (const c of step.entryCriteria) {
    const m = AFTER.exec(c);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** Lexical comparison by UTF-16 code units: the same everywhere, unlike localeCompare. */
export function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Steps in run order: by order, then by key. */
export function byRunOrder(a: Pick<Step, 'order' | 'key'>, b: Pick<Step, 'order' | 'key'>): number {
  return a.order - b.order || lexical(a.key, b.key);
}

/**
 * The launch groups of a workflow, in run order: a sequential step is a group of its own, and a run of
 * consecutive parallelizable steps is one group that launches together. Returns each step's group index
 * alongside the sorted steps.
 */
export function launchGroups(steps: readonly Step[]): { sorted: Step[]; group: number[] } {
  const sorted = [...steps].sort(byRunOrder);
  const group: number[] = [];
  let g = -1;
  sorted.forEach((s, i) => {
    if (i === 0 || !s.parallelizable || !sorted[i - 1]!.parallelizable) g++;
    group.push(g);
  });
  return { sorted, group };
}
