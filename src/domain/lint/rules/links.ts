import { dirname, relative } from 'node:path';
import { toPosix } from '../../docs/index.js';
import type { CrossRuleContext } from './context.js';

/**
 * A link to a document file that is not there (renamed by a renumber, deleted): the reader follows it
 * to nothing, and the ID it shows may now name another document. Only links into the docs folder to a
 * file named like a document are checked (each summary's `links`); other links are the author's business.
 */
export function linkRules(ctx: CrossRuleContext): void {
  const known = new Set<string>([...ctx.docs.map((d) => d.path), ...ctx.unreadable]);
  for (const doc of ctx.docs) {
    for (const link of doc.links) {
      if (known.has(link.target)) continue;
      const same = ctx.docs.find((d) => d.kind === link.kind && d.slug === link.slug);
      ctx.report({
        code: 'ref/broken-link',
        severity: 'error',
        message: `${doc.id} links to ${link.href}, which does not exist`,
        file: doc.file,
        line: link.line,
        column: link.column,
        hint: same
          ? `Did you mean ${toPosix(relative(dirname(doc.path), same.path))} (${same.id})?`
          : 'Point the link at an existing document, or remove it.',
      });
    }
  }
}
