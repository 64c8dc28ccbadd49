import { EXIT, PtError } from '../../base/errors.js';
import type { GraphNode } from './model.js';
import { suggest } from './suggest.js';

/** The node with this ID, or a not-found error that says what was probably meant. */
export function requireNode(nodes: ReadonlyMap<string, GraphNode>, id: string): GraphNode {
  const node = nodes.get(id);
  if (node) return node;
  const near = suggest(id, nodes.keys());
  throw new PtError('graph/unknown-node', `No document or requirement "${id}" in the workspace`, {
    exit: EXIT.notFound,
    hint: near.length
      ? `Did you mean ${near.join(', ')}?`
      : 'Use a document ID (SPEC-0001) or a requirement ID (SPEC-0001/REQ-001).',
  });
}
