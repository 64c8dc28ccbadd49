import { type Adjacency, adjacency } from './adjacency.js';
import { requireNode, requireUnique } from './lookup.js';
import type { EdgeType, Graph, GraphEdge, GraphNode, UnresolvedRef } from './model.js';
import { byId, compareStrings, compareTypes } from './order.js';

export interface TraceLink {
  type: EdgeType;
  /** The node at the other end of the link. */
  node: GraphNode;
  /** Where the link is written. */
  file: string;
  line: number;
  column: number;
  /** 1 for direct links, 2 for links of links, … */
  depth: number;
  /** The node already appears closer to the root, so it is not expanded again (diamonds, cycles). */
  repeat?: true;
  children: TraceLink[];
}

export interface TraceResult {
  node: GraphNode;
  /** For a requirement: its document. */
  parent: GraphNode | null;
  /** For a document: its requirements. */
  requirements: GraphNode[];
  /** What points at the node. */
  incoming: TraceLink[];
  /** What the node points at. */
  outgoing: TraceLink[];
  /** References written in the node (or, for a document, in its requirements) that lead nowhere. */
  unresolved: UnresolvedRef[];
}

export interface TraceOptions {
  /** Deepest level of links to follow; default unlimited. */
  depth?: number;
  /** Edge types followed beyond the first hop; default `requires`. */
  transitive?: readonly EdgeType[];
}

type Direction = 'in' | 'out';

function compareLinks(a: TraceLink, b: TraceLink): number {
  return compareTypes(a.type, b.type) || compareStrings(a.node.id, b.node.id);
}

// Breadth-first, so each node hangs at its shortest distance from the root.
function walk(adj: Adjacency, root: GraphNode, dir: Direction, opts: TraceOptions): TraceLink[] {
  const edgesOf = (id: string) => (dir === 'in' ? adj.in : adj.out).get(id) ?? [];
  const otherEnd = (e: GraphEdge) => adj.node.get(dir === 'in' ? e.from : e.to)!;
  const transitive = new Set(opts.transitive ?? ['requires']);
  const maxDepth = opts.depth ?? Number.POSITIVE_INFINITY;
  const seen = new Set([root.id]);
  const top: TraceLink[] = [];
  const queue: { link: TraceLink | null; id: string; only: EdgeType | null }[] = [
    { link: null, id: root.id, only: null },
  ];
  for (let head = 0; head < queue.length; head++) {
    const { link, id, only } = queue[head]!;
    const depth = (link?.depth ?? 0) + 1;
    if (depth > maxDepth) continue;
    const into = link ? link.children : top;
    for (const e of edgesOf(id)) {
      if (e.type === 'has_requirement' || (only && e.type !== only)) continue;
      into.push({
        type: e.type,
        node: otherEnd(e),
        file: e.file,
        line: e.line,
        column: e.column,
        depth,
        children: [],
      });
    }
    into.sort(compareLinks);
    for (const child of into) {
      if (seen.has(child.node.id)) child.repeat = true;
      else {
        seen.add(child.node.id);
        if (transitive.has(child.type)) queue.push({ link: child, id: child.node.id, only: child.type });
      }
    }
  }
  return top;
}

/** What points at a document or requirement and what it points at, following `requires` chains. */
export function trace(graph: Graph, id: string, opts: TraceOptions = {}): TraceResult {
  const adj = adjacency(graph);
  const nodes = adj.node;
  const node = requireNode(nodes, id);
  requireUnique(graph.duplicates, node);
  const requirements = adj.out
    .get(node.id)!
    .filter((e) => e.type === 'has_requirement')
    .map((e) => nodes.get(e.to)!)
    .sort(byId);
  const mine = new Set([node.id, ...requirements.map((r) => r.id)]);
  return {
    node,
    parent: node.parent ? (nodes.get(node.parent) ?? null) : null,
    requirements,
    incoming: walk(adj, node, 'in', opts),
    outgoing: walk(adj, node, 'out', opts),
    unresolved: graph.unresolved.filter((u) => mine.has(u.from)),
  };
}
