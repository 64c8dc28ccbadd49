import type { DocRef, IdScheme, LinkedDoc } from '../docs/index.js';
import { GraphCollector } from './collector.js';
import type { EdgeType, Graph } from './model.js';
import { resolveDocRef, resolveOverride, resolveRequirementRef } from './resolve.js';
import { buildWorkspace, type DocEntry, type ReqEntry, type Workspace } from './workspace.js';

const EDGE_OF_VIA: Record<DocRef['via'], EdgeType> = {
  implements: 'implements',
  extends: 'extends',
  depends_on: 'depends_on',
  'spec-dependencies': 'depends_on',
  superseded_by: 'superseded_by',
  standards: 'conforms_to',
};

function linkDocument(ws: Workspace, entry: DocEntry, out: GraphCollector): void {
  const { doc, node } = entry;
  for (const ref of doc.refs)
    out.link(node, EDGE_OF_VIA[ref.via], ref.id, resolveDocRef(ws, entry, ref.id), ref);
  // The file name alone (`SPEC-0001-EXT-0002-x.md`) already says what an extension extends.
  if (doc.kind === 'extension' && doc.baseId && !doc.refs.some((r) => r.via === 'extends')) {
    out.link(node, 'extends', doc.baseId, resolveDocRef(ws, entry, doc.baseId), node);
  }
}

function linkRequirement(ws: Workspace, scheme: IdScheme, r: ReqEntry, out: GraphCollector): void {
  const { req, node, owner } = r;
  out.link(owner.node, 'has_requirement', node.id, { to: node.id }, req);
  for (const dep of req.dependsOn) {
    out.link(node, 'requires', dep.ref, resolveRequirementRef(ws, scheme, owner, dep.ref), dep);
  }
  // An override heading with no `Replaces:` line replaces the base requirement of the same name.
  const replaces =
    req.replaces ??
    (req.role === 'override' ? { ref: req.name, from: null, line: req.line, column: req.column } : null);
  if (replaces) {
    const written = replaces.from ? `${replaces.ref} (from ${replaces.from})` : replaces.ref;
    out.link(node, 'overrides', written, resolveOverride(ws, owner, replaces), replaces);
  }
}

/**
 * The link graph of a workspace: documents, their requirements, and every reference between them
 * that resolves; the rest land in `unresolved`. Linear in the size of the workspace: each lookup
 * is a map hit, and only misses pay for "did you mean".
 */
export function buildGraph(docs: readonly LinkedDoc[], scheme: IdScheme): Graph {
  const ws = buildWorkspace(docs);
  const out = new GraphCollector();
  for (const entry of ws.entries) {
    out.node(entry.node);
    linkDocument(ws, entry, out);
    for (const r of entry.reqs) {
      out.node(r.node);
      linkRequirement(ws, scheme, r, out);
    }
  }
  return out.finish(ws.duplicates);
}
