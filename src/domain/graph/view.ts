import { requireNode, requireUnique } from './lookup.js';
import type { Graph, GraphEdge, GraphNode } from './model.js';

export type GraphLevel = 'docs' | 'requirements' | 'all';

export interface ViewOptions {
  /** `docs`: documents and links between them; `requirements`: requirements and theirs; default `all`. */
  level?: GraphLevel;
  /** Keep only what is connected (either direction) to this node ID. */
  focus?: string;
  /** With `focus`: how many hops to keep; default: the whole connected component. */
  depth?: number;
}

export interface GraphView {
  level: GraphLevel;
  /** The focus node's ID as found (the option may differ in case). */
  focus?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Every node of the full graph, for labels of nodes outside the view (the documents of grouped requirements). */
  all: ReadonlyMap<string, GraphNode>;
}

const inLevel = (level: GraphLevel, n: GraphNode) =>
  level === 'all' || (level === 'docs') === (n.kind !== 'requirement');

// A focus outside the level still means something: a document stands for its requirements,
// a requirement for its document.
function seedsFor(focus: GraphNode, level: GraphLevel, nodes: GraphNode[]): string[] {
  if (inLevel(level, focus)) return [focus.id];
  if (focus.kind === 'requirement') return focus.parent ? [focus.parent] : [];
  return nodes.filter((n) => n.parent === focus.id).map((n) => n.id);
}

function neighbourhood(seeds: string[], edges: GraphEdge[], depth: number): Set<string> {
  const near = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = near.get(a);
    if (list) list.push(b);
    else near.set(a, [b]);
  };
  for (const e of edges) {
    add(e.from, e.to);
    add(e.to, e.from);
  }
  const seen = new Set(seeds);
  let frontier = seeds;
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const w of near.get(id) ?? []) {
        if (!seen.has(w)) {
          seen.add(w);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** The part of the graph a renderer draws. Node and edge order is the graph's (sorted). */
export function selectView(graph: Graph, opts: ViewOptions = {}): GraphView {
  const level = opts.level ?? 'all';
  const all = new Map(graph.nodes.map((n) => [n.id, n]));
  let nodes = graph.nodes.filter((n) => inLevel(level, n));
  const kept = new Set(nodes.map((n) => n.id));
  let edges = graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to));
  if (opts.focus === undefined) return { level, nodes, edges, all };
  const focus = requireNode(all, opts.focus);
  requireUnique(graph.duplicates, focus);
  const keep = neighbourhood(seedsFor(focus, level, nodes), edges, opts.depth ?? Number.POSITIVE_INFINITY);
  nodes = nodes.filter((n) => keep.has(n.id));
  edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  return { level, focus: focus.id, nodes, edges, all };
}
