// Where a document names other documents: every ID in its text (frontmatter, headings, prose, link
// text) and the targets of its Markdown links, so a renamed document can be renamed everywhere.
import { applySplices, type Splice } from './edit.js';

export interface LinkSpan {
  /** Offsets of the link target in the source. */
  start: number;
  end: number;
  /** The target as written, without a `#fragment`. */
  href: string;
}

const INLINE = /\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const DEFINITION = /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?/gm;

/** Targets of inline links (`[text](target)`) and link definitions (`[label]: target`). */
export function linkSpans(source: string): LinkSpan[] {
  const out: LinkSpan[] = [];
  // A definition needs `]:`; most documents have none, and the multi-line pattern tries every line.
  for (const re of source.includes(']:') ? [INLINE, DEFINITION] : [INLINE]) {
    re.lastIndex = 0;
    for (const m of source.matchAll(re)) {
      const start = m.index + m[0].indexOf(m[1]!);
      out.push({ start, end: start + m[1]!.length, href: m[1]!.replace(/#.*$/, '') });
    }
  }
  return out;
}

/**
 * Replaces document IDs matched by `ids` (a global pattern) with what `replace` returns for each, left
 * as they are where it returns null. `link` is the link whose target holds the ID, when one does.
 */
export function replaceIds(
  source: string,
  ids: RegExp,
  replace: (id: string, link: LinkSpan | null) => string | null,
): string {
  const links = linkSpans(source);
  const splices: Splice[] = [];
  ids.lastIndex = 0;
  for (const m of source.matchAll(ids)) {
    const at = m.index;
    const link = links.find((l) => at >= l.start && at < l.end) ?? null;
    const to = replace(m[0], link);
    if (to !== null && to !== m[0]) splices.push({ start: at, end: at + m[0].length, text: to });
  }
  return splices.length ? applySplices(source, splices) : source;
}
