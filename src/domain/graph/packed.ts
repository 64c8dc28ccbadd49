// The link graph in the form it is kept in between runs: every string once in a table, and each
// node and edge a fixed run of numbers. Kept as objects, a workspace of 1,000 specs (~8,000 nodes,
// ~12,000 edges) came back as ~100,000 objects and strings, which the young generation copied over
// and over before promoting them: as much time as the command's own work. Unpacked, an edge's ends
// are the very strings of its nodes' IDs, so maps keyed by them hash each string once.
import type { DuplicateId, EdgeType, Graph, GraphEdge, GraphNode, NodeKind, UnresolvedRef } from './model.js';

export interface PackedGraph {
  strings: string[];
  /** Per node: id, kind, label, file, line, column, status, parent, localId (strings as table indexes, -1 absent). */
  nodes: number[];
  /** Per edge: from, to, type, file, line, column. */
  edges: number[];
  unresolved: UnresolvedRef[];
  duplicates: DuplicateId[];
}

const NODE = 9;
const EDGE = 6;
const NODE_KEYS = ['id', 'kind', 'label', 'file', 'line', 'column', 'status', 'parent', 'localId'];
const EDGE_KEYS = 'from,to,type,file,line,column';

/**
 * The graph packed, or null when a node or edge has a shape this form does not hold (a field it
 * does not know, or the known ones in another order): unpacking must give back the same JSON.
 */
export function packGraph(g: Graph): PackedGraph | null {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const at = (v: string | undefined): number => {
    if (v === undefined) return -1;
    let i = index.get(v);
    if (i === undefined) {
      i = strings.length;
      strings.push(v);
      index.set(v, i);
    }
    return i;
  };
  const nodes: number[] = [];
  for (const n of g.nodes) {
    if (!nodeShapeKept(n)) return null;
    nodes.push(at(n.id), at(n.kind), at(n.label), at(n.file), n.line, n.column);
    nodes.push(at(n.status), at(n.parent), at(n.localId));
  }
  const edges: number[] = [];
  for (const e of g.edges) {
    if (Object.keys(e).join() !== EDGE_KEYS || !Number.isInteger(e.line) || !Number.isInteger(e.column))
      return null;
    edges.push(at(e.from), at(e.to), at(e.type), at(e.file), e.line, e.column);
  }
  return { strings, nodes, edges, unresolved: g.unresolved, duplicates: g.duplicates };
}

/** The first six keys in order, then any of the optional three in order, every value of its type. */
function nodeShapeKept(n: GraphNode): boolean {
  const keys = Object.keys(n);
  let k = 0;
  for (const key of NODE_KEYS) {
    if (keys[k] === key) k++;
    else if (k < 6) return false;
  }
  if (k !== keys.length || !Number.isInteger(n.line) || !Number.isInteger(n.column)) return false;
  const texts = [n.id, n.kind, n.label, n.file];
  const optional = [n.status, n.parent, n.localId];
  return (
    texts.every((t) => typeof t === 'string') &&
    optional.every((t) => t === undefined || typeof t === 'string')
  );
}

/** The graph `packGraph` packed, or null for anything else (an older form, a damaged file). */
export function unpackGraph(v: unknown): Graph | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Partial<PackedGraph>;
  const { strings, nodes: N, edges: E, unresolved, duplicates } = p;
  if (
    !Array.isArray(strings) ||
    !Array.isArray(N) ||
    !Array.isArray(E) ||
    !Array.isArray(unresolved) ||
    !Array.isArray(duplicates) ||
    N.length % NODE !== 0 ||
    E.length % EDGE !== 0
  )
    return null;
  let bad = false;
  const text = (i: number): string => {
    const s = strings[i];
    if (typeof s !== 'string') bad = true;
    return s as string;
  };
  const count = (n: number): number => {
    if (!Number.isInteger(n)) bad = true;
    return n;
  };
  const nodes = new Array<GraphNode>(N.length / NODE);
  for (let i = 0, j = 0; i < N.length; i += NODE, j++) {
    const n: GraphNode = {
      id: text(N[i]!),
      kind: text(N[i + 1]!) as NodeKind,
      label: text(N[i + 2]!),
      file: text(N[i + 3]!),
      line: count(N[i + 4]!),
      column: count(N[i + 5]!),
    };
    if (N[i + 6] !== -1) n.status = text(N[i + 6]!);
    if (N[i + 7] !== -1) n.parent = text(N[i + 7]!);
    if (N[i + 8] !== -1) n.localId = text(N[i + 8]!);
    nodes[j] = n;
  }
  const edges = new Array<GraphEdge>(E.length / EDGE);
  for (let i = 0, j = 0; i < E.length; i += EDGE, j++)
    edges[j] = {
      from: text(E[i]!),
      to: text(E[i + 1]!),
      type: text(E[i + 2]!) as EdgeType,
      file: text(E[i + 3]!),
      line: count(E[i + 4]!),
      column: count(E[i + 5]!),
    };
  return bad ? null : { nodes, edges, unresolved, duplicates };
}
