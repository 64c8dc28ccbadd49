// Which rules across documents can find something else after one document changes. A status change
// (the commonest write) leaves the IDs, references, requirements and links as they were, and those
// rules (the graph and its cycle search among them) are most of the cost of checking a write.
import type { DocSummary } from '../docs/index.js';

/** What only the status rules read of a summary: a change to these leaves the other rules' findings. */
const STATUS_ONLY = new Set<string>(['status', 'statusPos', 'date', 'implementations', 'implementationsPos']);

const withoutStatus = (s: DocSummary): string =>
  JSON.stringify(s, (k, v) => (k !== '' && STATUS_ONLY.has(k) ? undefined : v));

/**
 * One flag per rule across documents, in lintAcross's order (IDs, references, links, status): false
 * when replacing `before` by `after` in the same place of the same workspace cannot change what that
 * rule finds anywhere, because the rule reads none of what differs.
 */
export function acrossRulesTouched(before: DocSummary, after: DocSummary): boolean[] {
  const same = before.path === after.path && withoutStatus(before) === withoutStatus(after);
  return [!same, !same, !same, true];
}
