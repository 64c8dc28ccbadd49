import type { EdgeType, Graph, GraphEdge, GraphNode } from './model.js';

export interface Adjacency {
  node: Map<string, GraphNode>;
  out: Map<string, GraphEdge[]>;
  in: Map<string, GraphEdge[]>;
}

/** Per-node edge lists, in the graph's (sorted) edge order. Optionally restricted to some edge types. */
export function adjacency(graph: Graph, types?: ReadonlySet<EdgeType>): Adjacency {
  const node = new Map<string, GraphNode>();
  const out = new Map<string, GraphEdge[]>();
  const inc = new Map<string, GraphEdge[]>();
  for (const n of graph.nodes) {
    node.set(n.id, n);
    out.set(n.id, []);
    inc.set(n.id, []);
  }
  for (const e of graph.edges) {
    if (types && !types.has(e.type)) continue;
    out.get(e.from)?.push(e);
    inc.get(e.to)?.push(e);
  }
  return { node, out, in: inc };
}
