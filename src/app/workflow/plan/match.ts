import { markerOf, type PlanModel } from '../../../domain/plan/index.js';
import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';

export interface PlannedIssues {
  /** The issue of each item that has one, by the item's key. */
  byKey: Map<string, ForgeIssue>;
  /** Issues that carry a key another issue already has (copied by hand, or planned under a former ID). */
  duplicates: number[];
}

/**
 * The issues an earlier plan wrote for this model, found by each item's key or by a key an earlier plan
 * gave it (the spec's former ID, the requirement's name before it had an ID), so a spec or a
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
  // An issue found under an item's own key is that item's; failing that, or where an earlier plan
  // left copies under several of its keys, the oldest issue is kept (as for copies of one key).
  const ownerOf = new Map<number, string>();
  for (const item of model.items) {
    const i = marked.get(item.key);
    if (i) ownerOf.set(i.number, item.key);
  }
  const byKey = new Map<string, ForgeIssue>();
  const taken = new Set<number>();
  for (const item of model.items) {
    const found = [item.key, ...item.aliases]
      .map((k) => marked.get(k))
      .filter((i): i is ForgeIssue => !!i && !taken.has(i.number))
      .filter((i) => (ownerOf.get(i.number) ?? item.key) === item.key);
    if (!found.length) continue;
    const oldest = found.reduce((a, b) => (a.number <= b.number ? a : b));
    byKey.set(item.key, oldest);
    taken.add(oldest.number);
  }
  const known = new Set(model.items.flatMap((x) => [x.key, ...x.aliases]));
  for (const [k, i] of marked) if (!taken.has(i.number) && known.has(k)) duplicates.push(i.number);
  return { byKey, duplicates: duplicates.sort((a, b) => a - b) };
}
