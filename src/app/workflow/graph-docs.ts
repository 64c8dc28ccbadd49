import { buildGraph, type Graph, packGraph, unpackGraph } from '../../domain/graph/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, loadAll, type MemoForm, memoized, requireWorkspace } from '../kernel/index.js';
import { indexDocs } from '../kernel/indexed/index.js';
import { hasWork } from './trace-work.js';

const isGraph = (v: unknown): v is Graph =>
  typeof v === 'object' &&
  v !== null &&
  ['nodes', 'edges', 'unresolved', 'duplicates'].every((k) =>
    Array.isArray((v as Record<string, unknown>)[k]),
  );

/** Kept packed (domain/graph/packed.ts); as it is in the rare case the packed form cannot hold it. */
const GRAPH_FORM: MemoForm<Graph> = {
  pack: (g) => packGraph(g) ?? g,
  unpack: (v) => (!isGraph(v) ? null : 'strings' in v ? unpackGraph(v) : v),
};

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
    graph: memoized(app, 'graph', GRAPH_FORM, (stamp) =>
      buildGraph(stamp ? indexDocs(app, { stamp }).docs : loadAll(app).docs, app.scheme),
    ),
    specId: null,
  };
}
