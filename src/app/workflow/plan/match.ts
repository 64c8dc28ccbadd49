import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';
import { markerOf } from './marker.js';
import type { PlanItem, PlanModel } from './model.js';

export interface PlannedIssues {
  /** The issue of each item that has one, by the item's key. */
  byKey: Map<string, ForgeIssue>;
  /** Issues that carry a key another issue already has (copied by hand, or planned under a former ID). */
  duplicates: number[];
}

/**
 * The issues an earlier plan wrote for this model. An item's own key wins; failing that, a key an earlier
 * plan gave it (the spec's former ID, the requirement's name before it had an ID), so a spec or a
 * requirement that gains its ID keeps its issues instead of getting a second set. Issues under a former
 * `spec:` label are read only when that label exists (`labelNames`, lower case).
 */
export async function plannedIssues(
  forge: ForgePort,
  model: PlanModel,
  labelNames: Set<string>,
): Promise<PlannedIssues> {
  const labels = [
    model.labels[0]!.name,
    ...model.formerLabels.filter((l) => labelNames.has(l.toLowerCase())),
  ];
  const listed = new Map<number, ForgeIssue>();
  for (const label of labels) for (const i of await forge.listIssues({ label })) listed.set(i.number, i);
  const marked = new Map<string, ForgeIssue>();
  const duplicates: number[] = [];
  for (const i of [...listed.values()].sort((a, b) => a.number - b.number)) {
    const key = markerOf(i.body);
    if (key === null) continue;
    if (marked.has(key)) duplicates.push(i.number);
    else marked.set(key, i);
  }
  const byKey = new Map<string, ForgeIssue>();
  const taken = new Set<number>();
  const take = (item: PlanItem, key: string): boolean => {
    const i = marked.get(key);
    if (!i || taken.has(i.number)) return false;
    byKey.set(item.key, i);
    taken.add(i.number);
    return true;
  };
  // Own keys first, so an alias never takes an issue that is some other item's by its own key.
  for (const item of model.items) take(item, item.key);
  for (const item of model.items) if (!byKey.has(item.key)) item.aliases.some((k) => take(item, k));
  const known = new Set(model.items.flatMap((x) => x.aliases));
  for (const [k, i] of marked) if (!taken.has(i.number) && known.has(k)) duplicates.push(i.number);
  return { byKey, duplicates: duplicates.sort((a, b) => a - b) };
}
