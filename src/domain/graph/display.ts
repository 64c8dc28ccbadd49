import type { EdgeType, GraphNode } from './model.js';
import { byId, compareStrings } from './order.js';
import type { GraphView } from './view.js';

export const EDGE_LABEL: Record<EdgeType, string> = {
  implements: 'implements',
  extends: 'extends',
  depends_on: 'depends on',
  superseded_by: 'superseded by',
  conforms_to: 'conforms to',
  has_requirement: 'has',
  requires: 'requires',
  overrides: 'overrides',
};

/** Links that are about history or layering rather than hard dependencies; drawn dashed. */
export const SOFT_EDGES: ReadonlySet<EdgeType> = new Set(['extends', 'superseded_by']);

const RETIRED = new Set(['deprecated', 'superseded', 'rejected']);

export const isRetired = (n: GraphNode) => n.status !== undefined && RETIRED.has(n.status);

/** What a box says. Inside its document's group a requirement needs no document prefix. */
export function nodeText(n: GraphNode, grouped: boolean): string {
  if (n.kind !== 'requirement') return n.label === n.id ? n.id : `${n.id}: ${n.label}`;
  if (grouped) return n.localId ? `${n.localId}: ${n.label}` : n.label;
  // Without a local ID the node ID (`SPEC-0001#Name`) already carries the name.
  return n.localId ? `${n.id}: ${n.label}` : n.id;
}

export interface Group {
  /** The document node, or null for requirements drawn outside any group. */
  doc: GraphNode | null;
  members: GraphNode[];
}

/**
 * At `requirements` level documents are not nodes, so requirements are boxed by document instead;
 * at the other levels everything is one ungrouped list.
 */
export function groupsOf(view: GraphView): Group[] {
  if (view.level !== 'requirements') return [{ doc: null, members: view.nodes }];
  const byParent = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const n of view.nodes) {
    const doc = n.parent ? view.all.get(n.parent) : undefined;
    if (!doc) loose.push(n);
    else if (byParent.has(doc.id)) byParent.get(doc.id)!.push(n);
    else byParent.set(doc.id, [n]);
  }
  const groups: Group[] = [...byParent]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([id, members]) => ({ doc: view.all.get(id)!, members: members.sort(byId) }));
  return loose.length ? [{ doc: null, members: loose }, ...groups] : groups;
}
