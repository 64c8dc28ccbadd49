// `validate` in an implementing repository, in a module of its own: the validate bundle keeps it in a
// file of its own too (scripts/build.mjs), so a run over a workspace's documents never loads it.
import type { Finding } from '../../../domain/findings/index.js';
import { implementingSpecErrors, readImplementingDocs } from '../../kernel/implementing/index.js';
import type { App } from '../../kernel/index.js';

/** What `plan` would refuse in this repository's spec and extensions; null without `.github/spec/spec.md`. */
export function checkImplementingRepo(app: App): { findings: Finding[]; documents: number } | null {
  const read = readImplementingDocs(app);
  if (!read) return null;
  return {
    findings: implementingSpecErrors(app.ws.root, app.scheme, read),
    documents: (read.spec ? 1 : 0) + read.extensions.length,
  };
}
