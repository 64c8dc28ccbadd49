import { EXIT, PtError } from '../../base/index.js';
import type { DuplicateId, GraphNode } from './model.js';
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

/**
 * Refuses a node whose ID, or whose document's ID, more than one document or requirement claims: the
 * graph follows the first of them, and which file sorts first says nothing about which one was meant.
 * The other claims keep their `~2`, `~3` node IDs, which can still be asked for.
 */
export function requireUnique(duplicates: readonly DuplicateId[], node: GraphNode): void {
  const d =
    duplicates.find((x) => x.id === node.id) ??
    (node.parent === undefined ? undefined : duplicates.find((x) => x.id === node.parent));
  if (!d) return;
  const docs = d.kind !== 'requirement';
  const second = d.occurrences[1]!;
  throw new PtError(
    'id/duplicate',
    `${d.id} is used by ${d.occurrences.length} ${docs ? 'documents' : 'requirements'}: ${d.occurrences
      .map((o) => `${o.file}:${o.line}:${o.column}`)
      .join(', ')}`,
    {
      exit: EXIT.notFound,
      location: { file: second.file, line: second.line, column: second.column },
      hint: docs
        ? 'Run "papertrail renumber" to give each document its own number, then try again.'
        : `Give each requirement in ${second.file} its own ID, then try again.`,
    },
  );
}
