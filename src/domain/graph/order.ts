import { EDGE_TYPES, type EdgeType, type GraphEdge, type UnresolvedRef } from './model.js';

// Code-unit order, not localeCompare: output must not change with the machine's locale.
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_RANK = new Map<EdgeType, number>(EDGE_TYPES.map((t, i) => [t, i]));

export function compareTypes(a: EdgeType, b: EdgeType): number {
  return (TYPE_RANK.get(a) ?? 0) - (TYPE_RANK.get(b) ?? 0);
}

export function compareEdges(a: GraphEdge, b: GraphEdge): number {
  return compareStrings(a.from, b.from) || compareTypes(a.type, b.type) || compareStrings(a.to, b.to);
}

export function compareUnresolved(a: UnresolvedRef, b: UnresolvedRef): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.from, b.from) ||
    compareStrings(a.ref, b.ref)
  );
}

export function byId<T extends { id: string }>(a: T, b: T): number {
  return compareStrings(a.id, b.id);
}
