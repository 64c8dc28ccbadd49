import { idScheme } from '../../../src/domain/docs/ids.js';
import type { Doc } from '../../../src/domain/docs/model.js';
import { parseDoc } from '../../../src/domain/docs/parse-doc.js';
import { buildGraph, type Graph } from '../../../src/domain/graph/index.js';

export const scheme = idScheme();

/** Parses `{ 'specs/SPEC-0001-auth.md': source }` into documents, in the given order. */
export function parseAll(files: Record<string, string>): Doc[] {
  return Object.entries(files).map(([file, source]) =>
    parseDoc({ source, file, path: `/ws/${file}`, scheme }),
  );
}

export function graphOf(files: Record<string, string>): Graph {
  return buildGraph(parseAll(files), scheme);
}

/** Edges as `from -type-> to` strings: easy to assert on and to read in a failure. */
export function edgeList(g: Graph, type?: string): string[] {
  return g.edges.filter((e) => !type || e.type === type).map((e) => `${e.from} -${e.type}-> ${e.to}`);
}
