import { PtError } from '../../base/index.js';
import type { Doc } from '../../domain/docs/index.js';
import { type App, type Findable, findDoc } from '../kernel/index.js';

/** What following "superseded by" links reads of a document (a parsed one or its summary). */
type Successive = Pick<Doc, 'id' | 'kind' | 'file' | 'status' | 'refs'>;

/**
 * The successor named by `status ID superseded --by SUCCESSOR`, refused unless a reader following
 * "superseded by" links from `doc` would reach a document that stands: not `doc` itself, not a
 * missing document or one of another kind, and not a chain that leads back to `doc` (A superseded by
 * B while B is superseded by A), which would leave neither in force.
 */
export function requireSuccessor<D extends Successive>(
  app: App,
  set: Findable<D>,
  doc: Successive,
  by: string,
): D {
  if (by.trim().toUpperCase() === doc.id) {
    throw new PtError('status/superseded-by-itself', `${doc.id} cannot be superseded by itself`, {
      hint: `Name the ${doc.kind} that replaces it: papertrail status ${doc.id} superseded --by ${doc.id.replace(/\d+$/, 'NNNN')}`,
      location: { file: doc.file },
      exit: 2,
    });
  }
  const successor = findDoc(app, set, by, [doc.kind]);
  const chain: Successive[] = [doc, successor];
  const seen = new Set(chain.map((d) => d.id));
  for (let at: Successive = successor; ; ) {
    const link = at.status === 'superseded' ? at.refs.find((r) => r.via === 'superseded_by') : undefined;
    if (!link) return successor;
    const next = set.docs.find((d) => d.id === link.id.toUpperCase());
    if (!next) return successor;
    if (seen.has(next.id)) {
      const path = [...chain.map((d) => d.id), next.id].join(' → ');
      throw new PtError(
        'status/supersede-cycle',
        `${doc.id} cannot be superseded by ${successor.id}: ${path} would go round in a circle`,
        {
          hint: `${at.id} is already superseded by ${next.id}. Supersede ${doc.id} by a ${doc.kind} outside that chain (write a new one if none stands).`,
          location: { file: at.file, line: link.line, column: link.column },
          exit: 3,
        },
      );
    }
    seen.add(next.id);
    chain.push(next);
    at = next;
  }
}
