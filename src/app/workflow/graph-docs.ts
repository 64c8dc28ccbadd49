import type { Doc } from '../../domain/docs/index.js';
import { buildGraph, type Graph } from '../../domain/graph/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, loadAll, memoized, requireWorkspace } from '../kernel/index.js';
import { hasWork } from './trace-work.js';

/**
 * The documents `graph` and `trace` cover: in an implementing repository the spec and its extensions
 * under .github/spec (and the spec whose work can be traced), elsewhere the workspace's documents.
 */
function graphDocs(app: App): { docs: Doc[]; specId: string | null } {
  if (hasWork(app)) {
    const s = loadImplementingSpec(app);
    return { docs: [s.spec, ...s.extensions], specId: s.spec.id };
  }
  requireWorkspace(app);
  return { docs: loadAll(app).docs, specId: null };
}

const isGraph = (v: unknown): v is Graph =>
  typeof v === 'object' &&
  v !== null &&
  ['nodes', 'edges', 'unresolved', 'duplicates'].every((k) =>
    Array.isArray((v as Record<string, unknown>)[k]),
  );

/**
 * The link graph of what `graphDocs` covers, and the spec whose work can be traced. A workspace's
 * graph is kept between runs while its documents stay as they are (docs-memo.ts).
 */
export function docsGraph(app: App): { graph: Graph; specId: string | null } {
  if (hasWork(app)) {
    const { docs, specId } = graphDocs(app);
    return { graph: buildGraph(docs, app.scheme), specId };
  }
  requireWorkspace(app);
  return {
    graph: memoized(app, 'graph', isGraph, () => buildGraph(loadAll(app).docs, app.scheme)),
    specId: null,
  };
}
