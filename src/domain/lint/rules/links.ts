import { basename, dirname, relative, resolve, sep } from 'node:path';
import { classifyFileName, type Doc, linkSpans, toPosix } from '../../docs/index.js';
import type { RuleContext } from './context.js';

function position(doc: Doc, offset: number): { line: number; column: number } {
  const before = doc.source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  // Columns count from the line's first character, which for line 1 is after a byte-order mark.
  const first = line === 1 && doc.source.charCodeAt(0) === 0xfeff ? 1 : lineStart;
  return { line, column: offset - first + 1 };
}

/**
 * A link to a document file that is not there (renamed by a renumber, deleted): the reader follows it
 * to nothing, and the ID it shows may now name another document. Only links into the docs folder to a
 * file named like a document are checked; other links are the author's business.
 */
export function linkRules(ctx: RuleContext): void {
  const { set } = ctx;
  const known = new Set<string>([
    ...set.docs.map((d) => d.path),
    ...(set.unreadable ?? []).map((u) => u.path),
  ]);
  const root = set.docsRoot.endsWith(sep) ? set.docsRoot : set.docsRoot + sep;
  for (const doc of set.docs) {
    for (const link of linkSpans(doc.source)) {
      if (!link.href || /^[a-z][a-z0-9+.-]*:/i.test(link.href) || link.href.startsWith('/')) continue;
      let href = link.href;
      try {
        href = decodeURI(href);
      } catch {
        continue;
      }
      const target = resolve(dirname(doc.path), href);
      if (!target.startsWith(root) || known.has(target)) continue;
      const named = classifyFileName(basename(target), set.scheme);
      if (!named) continue;
      const same = set.docs.find((d) => d.kind === named.kind && d.slug === named.slug);
      ctx.report({
        code: 'ref/broken-link',
        severity: 'error',
        message: `${doc.id} links to ${href}, which does not exist`,
        file: doc.file,
        ...position(doc, link.start),
        hint: same
          ? `Did you mean ${toPosix(relative(dirname(doc.path), same.path))} (${same.id})?`
          : 'Point the link at an existing document, or remove it.',
      });
    }
  }
}
