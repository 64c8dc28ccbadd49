// Which of the documents that share an ID another document means when it names that ID.
import { basename, dirname, resolve } from 'node:path';
import { type Doc, type LinkSpan, linkSpans } from '../../domain/docs/index.js';
import type { History } from './renumber-history.js';

export interface Owners {
  /** The document `from` means by `id`: one of the documents holding `id`, or null if none does. */
  of(from: Doc, id: string): Doc | null;
  /** The document a link's target names, among the documents holding `id`. */
  linked(from: Doc, link: LinkSpan, id: string): Doc | null;
}

/**
 * The rule, in order: a document means itself; else the document its links point at; else the only
 * one of them it was written alongside (git: the only one added by an ancestor of the commit that
 * added it); else the one that keeps the number.
 */
export function owners(byId: Map<string, Doc[]>, keeper: (docs: Doc[]) => Doc, history: History): Owners {
  const memo = new Map<string, Doc | null>();
  const linked = (from: Doc, link: LinkSpan, id: string): Doc | null => {
    const cands = byId.get(id) ?? [];
    let href = link.href;
    try {
      href = decodeURI(href);
    } catch {
      // A target that is not valid percent-encoding is compared as written.
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(href))
      return cands.find((c) => basename(c.path) === basename(href)) ?? null;
    const to = resolve(dirname(from.path), href);
    return cands.find((c) => c.path === to) ?? null;
  };
  const decide = (from: Doc, id: string): Doc | null => {
    const cands = byId.get(id) ?? [];
    if (cands.length <= 1) return cands[0] ?? null;
    if (cands.includes(from)) return from;
    const pointed = new Set(
      linkSpans(from.source)
        .map((l) => linked(from, l, id))
        .filter((d): d is Doc => d !== null),
    );
    if (pointed.size === 1) return [...pointed][0]!;
    const mine = history.origin(from).commit;
    const seen = cands.filter((c) => {
      const theirs = history.origin(c).commit;
      // An uncommitted document may have been written against anything; a committed one only
      // against what its own commit could see.
      return theirs ? mine === null || history.contains(mine, theirs) : mine === null;
    });
    return seen.length === 1 ? seen[0]! : keeper(cands);
  };
  return {
    of(from, id) {
      const key = `${from.path}\0${id}`;
      if (!memo.has(key)) memo.set(key, decide(from, id));
      return memo.get(key)!;
    },
    linked,
  };
}
