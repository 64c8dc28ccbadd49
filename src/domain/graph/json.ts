import type { DuplicateId, Graph, GraphEdge, GraphNode, UnresolvedRef } from './model.js';
import { type GraphLevel, selectView, type ViewOptions } from './view.js';

export interface GraphJson {
  version: 1;
  level: GraphLevel;
  focus?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  unresolved: UnresolvedRef[];
  duplicates: DuplicateId[];
}

// Objects are rebuilt field by field so key order is fixed by this file, not by how a node was made.
const node = (n: GraphNode): GraphNode => ({
  id: n.id,
  kind: n.kind,
  label: n.label,
  file: n.file,
  line: n.line,
  column: n.column,
  ...(n.status !== undefined ? { status: n.status } : {}),
  ...(n.parent !== undefined ? { parent: n.parent } : {}),
  ...(n.localId !== undefined ? { localId: n.localId } : {}),
});

const edge = (e: GraphEdge): GraphEdge => ({
  from: e.from,
  to: e.to,
  type: e.type,
  file: e.file,
  line: e.line,
  column: e.column,
});

const miss = (u: UnresolvedRef): UnresolvedRef => ({
  from: u.from,
  ref: u.ref,
  type: u.type,
  file: u.file,
  line: u.line,
  column: u.column,
  ...(u.candidates ? { candidates: [...u.candidates] } : {}),
});

const duplicate = (d: DuplicateId): DuplicateId => ({
  id: d.id,
  kind: d.kind,
  occurrences: d.occurrences.map((o) => ({ node: o.node, file: o.file, line: o.line, column: o.column })),
});

/** The machine-readable graph (format version 1), restricted like the drawings by level and focus. */
export function graphJson(graph: Graph, opts: ViewOptions = {}): GraphJson {
  const view = selectView(graph, opts);
  const shown = new Set(view.nodes.map((n) => n.id));
  return {
    version: 1,
    level: view.level,
    ...(view.focus !== undefined ? { focus: view.focus } : {}),
    nodes: view.nodes.map(node),
    edges: view.edges.map(edge),
    unresolved: graph.unresolved.filter((u) => shown.has(u.from)).map(miss),
    duplicates: graph.duplicates.filter((d) => d.occurrences.some((o) => shown.has(o.node))).map(duplicate),
  };
}

export function toJson(graph: Graph, opts: ViewOptions = {}): string {
  return `${JSON.stringify(graphJson(graph, opts), null, 2)}\n`;
}
