import { refusalAt } from '../../base/index.js';
import { afterKeys, byRunOrder, launchGroups, type Workflow } from './model.js';

/** Where a field of the workflow is written: a path such as ['steps', 2, 'key']. */
export type Locate = (path: (string | number)[]) => { line: number; column: number };

/** The index of the `entryCriteria` item that names `key` with `after:`. */
function afterIndex(entry: readonly string[], key: string): number {
  return entry.findIndex((c) => afterKeys({ entryCriteria: [c] })[0] === key);
}

/**
 * Refuses a workflow that cannot run: duplicate step keys or gate keys, two sequential steps (or a
 * sequential and a parallelizable one) sharing an order, a reference to an unknown step, a gate that
 * rewinds to a later step, and waits that go round in a circle. The error points at the offending
 * field through `locate`; exit 3, like every refused input of the execution engine.
 */
export function checkWorkflow(wf: Workflow, file: string, locate: Locate): void {
  if (wf.steps.length === 0)
    throw refusalAt(
      'workflow/no-steps',
      `workflow ${wf.id} has no steps`,
      'Add at least one step.',
      file,
      locate(['steps']),
    );
  const index = new Map<string, number>();
  wf.steps.forEach((s, i) => {
    const first = index.get(s.key);
    if (first !== undefined)
      throw refusalAt(
        'workflow/duplicate-key',
        `step key "${s.key}" is used twice (steps ${first + 1} and ${i + 1})`,
        'Give every step its own key.',
        file,
        locate(['steps', i, 'key']),
      );
    index.set(s.key, i);
  });
  const byOrder = new Map<number, number>();
  wf.steps.forEach((s, i) => {
    const other = byOrder.get(s.order);
    if (other !== undefined && !(s.parallelizable && wf.steps[other]!.parallelizable))
      throw refusalAt(
        'workflow/duplicate-order',
        `steps "${wf.steps[other]!.key}" and "${s.key}" share order ${s.order}, and not both are parallelizable`,
        'Give each sequential step its own order; only parallelizable steps may share one.',
        file,
        locate(['steps', i, 'order']),
      );
    if (other === undefined) byOrder.set(s.order, i);
  });
  const gateKeys = new Map<string, string>();
  wf.steps.forEach((s, i) => {
    for (const k of afterKeys(s))
      if (!index.has(k))
        throw refusalAt(
          'workflow/unknown-step',
          `step "${s.key}" waits for step "${k}", which the workflow does not have`,
          `Known steps: ${[...index.keys()].join(', ')}.`,
          file,
          locate(['steps', i, 'entryCriteria', afterIndex(s.entryCriteria, k)]),
        );
    (s.gates ?? []).forEach((g, j) => {
      const owner = gateKeys.get(g.key);
      if (owner !== undefined)
        throw refusalAt(
          'workflow/duplicate-gate',
          `gate key "${g.key}" is used twice (steps "${owner}" and "${s.key}")`,
          'Give every gate its own key: a decision is filed under the work item and the gate key.',
          file,
          locate(['steps', i, 'gates', j, 'key']),
        );
      gateKeys.set(g.key, s.key);
      const re = g.reentryStepKey;
      if (re === undefined) return;
      const target = index.get(re);
      if (target === undefined)
        throw refusalAt(
          'workflow/unknown-step',
          `gate "${g.key}" rewinds to step "${re}", which the workflow does not have`,
          `Known steps: ${[...index.keys()].join(', ')}.`,
          file,
          locate(['steps', i, 'gates', j, 'reentryStepKey']),
        );
      if (byRunOrder(wf.steps[target]!, s) > 0)
        throw refusalAt(
          'workflow/bad-reentry',
          `gate "${g.key}" of step "${s.key}" rewinds to "${re}", which comes after it`,
          'A rejection sends the work item back: name this step or an earlier one.',
          file,
          locate(['steps', i, 'gates', j, 'reentryStepKey']),
        );
    });
  });
  checkWaits(wf, file, locate, index);
}

/**
 * Waits (`after:`) against the order: a step that waits for one in a later launch group can never start,
 * and neither can steps of one group that wait for each other in a circle. Both are a cycle.
 */
function checkWaits(wf: Workflow, file: string, locate: Locate, index: Map<string, number>): void {
  const { sorted, group } = launchGroups(wf.steps);
  const groupOf = new Map(sorted.map((s, n) => [s.key, group[n]!]));
  const within = new Map<string, string[]>();
  for (const s of sorted) {
    for (const k of afterKeys(s)) {
      const i = index.get(s.key)!;
      const at = () => locate(['steps', i, 'entryCriteria', afterIndex(s.entryCriteria, k)]);
      if (k === s.key)
        throw refusalAt('workflow/cycle', `step "${s.key}" waits for itself`, 'Remove the wait.', file, at());
      if (groupOf.get(k)! > groupOf.get(s.key)!)
        throw refusalAt(
          'workflow/cycle',
          `step "${s.key}" waits for "${k}", but by order "${k}" runs after it: a cycle`,
          `Give "${k}" a lower order than "${s.key}", or remove the wait.`,
          file,
          at(),
        );
      if (groupOf.get(k) === groupOf.get(s.key)) within.set(s.key, [...(within.get(s.key) ?? []), k]);
    }
  }
  // Depth-first search over the waits inside groups; a back edge closes a cycle.
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (k: string): string[] | null => {
    state.set(k, 1);
    path.push(k);
    for (const n of within.get(k) ?? []) {
      if (state.get(n) === 1) return [...path.slice(path.indexOf(n)), n];
      if (state.get(n) === undefined) {
        const c = visit(n);
        if (c) return c;
      }
    }
    path.pop();
    state.set(k, 2);
    return null;
  };
  for (const s of sorted) {
    if (state.has(s.key)) continue;
    const cycle = visit(s.key);
    if (!cycle) continue;
    const [a, b] = [cycle[0]!, cycle[1]!];
    const i = index.get(a)!;
    throw refusalAt(
      'workflow/cycle',
      `steps wait for each other in a circle: ${cycle.join(' -> ')}`,
      'Remove one of the waits (`after:` entry criteria).',
      file,
      locate(['steps', i, 'entryCriteria', afterIndex(wf.steps[i]!.entryCriteria, b)]),
    );
  }
}
