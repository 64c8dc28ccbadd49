import { buildGraph, type Graph } from '../../domain/graph/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, loadAll, memoized, requireWorkspace } from '../kernel/index.js';
import { indexDocs } from '../kernel/indexed/index.js';
import { hasWork } from './trace-work.js';

const isGraph = (v: unknown): v is Graph =>
  typeof v === 'object' &&
  v !== null &&
  ['nodes', 'edges', 'unresolved', 'duplicates'].every((k) =>
    Array.isArray((v as Record<string, unknown>)[k]),
  );

/**
 * The link graph `graph` and `trace` show, and the spec whose work can be traced: in an implementing
 * repository, of the spec and its extensions under .github/spec; elsewhere, of the workspace's
 * documents, kept between runs while they stay as they are (docs-memo.ts), and after an edit built
 * from the per-file index's summaries (kernel/indexed).
 */
export function docsGraph(app: App): { graph: Graph; specId: string | null } {
  if (hasWork(app)) {
    const s = loadImplementingSpec(app);
    return { graph: buildGraph([s.spec, ...s.extensions], app.scheme), specId: s.spec.id };
  }
  requireWorkspace(app);
  return {
    graph: memoized(app, 'graph', isGraph, (stamp) =>
      buildGraph(stamp ? indexDocs(app, { stamp }).docs : loadAll(app).docs, app.scheme),
    ),
    specId: null,
  };
}
