import { EXIT, PtError } from '../../base/errors.js';
import type { GraphNode } from './model.js';
import { suggest } from './suggest.js';

/**
 * The node with this ID, else the only one matching it case-insensitively (people type
 * `spec-0001`, and a CLI that upper-cases input would mangle `SPEC-0001#Login`), else a not-found
 * error that says what was probably meant.
 */
export function requireNode(nodes: ReadonlyMap<string, GraphNode>, id: string): GraphNode {
  const exact = nodes.get(id);
  if (exact) return exact;
  const want = id.toLowerCase();
  const folded = [...nodes.values()].filter((n) => n.id.toLowerCase() === want);
  if (folded.length === 1) return folded[0]!;
  const near = suggest(id, nodes.keys());
  throw new PtError('graph/unknown-node', `No document or requirement "${id}" in the workspace`, {
    exit: EXIT.notFound,
    hint: near.length
      ? `Did you mean ${near.join(', ')}?`
      : 'Use a document ID (SPEC-0001) or a requirement ID (SPEC-0001/REQ-001).',
  });
}
