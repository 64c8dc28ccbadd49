import type { Pos } from '../docs/index.js';
import type { DuplicateId, EdgeType, Graph, GraphEdge, GraphNode, UnresolvedRef } from './model.js';
import { byId, compareEdges, compareUnresolved } from './order.js';
import type { Resolution } from './resolve.js';

/** Accumulates nodes, edges and misses, then hands them out sorted. */
export class GraphCollector {
  private readonly nodes: GraphNode[] = [];
  // A link written twice (frontmatter `depends_on` and the `## Spec Dependencies` list) is one edge;
  // the first occurrence, frontmatter, keeps its position.
  private readonly edges = new Map<string, GraphEdge>();
  private readonly unresolved: UnresolvedRef[] = [];

  node(node: GraphNode): void {
    this.nodes.push(node);
  }

  link(from: GraphNode, type: EdgeType, ref: string, res: Resolution, at: Pos): void {
    if (res.to === null) {
      const candidates = res.candidates.length ? { candidates: res.candidates } : {};
      this.unresolved.push({
        from: from.id,
        ref,
        type,
        file: from.file,
        line: at.line,
        column: at.column,
        ...candidates,
      });
      return;
    }
    const key = `${type}\u0000${from.id}\u0000${res.to}`;
    if (this.edges.has(key)) return;
    // Written out rather than spread: this runs once per link of every document.
    this.edges.set(key, {
      from: from.id,
      to: res.to,
      type,
      file: from.file,
      line: at.line,
      column: at.column,
    });
  }

  finish(duplicates: DuplicateId[]): Graph {
    return {
      nodes: this.nodes.sort(byId),
      edges: [...this.edges.values()].sort(compareEdges),
      unresolved: this.unresolved.sort(compareUnresolved),
      duplicates,
    };
  }
}
