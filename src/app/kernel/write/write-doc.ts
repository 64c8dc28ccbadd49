import { existsSync } from 'node:fs';
import { PtError, writeFilesAtomic } from '../../../base/index.js';
import type { Doc, DocSummary } from '../../../domain/docs/index.js';
import type { Finding } from '../../../domain/findings/index.js';
import type { App } from '../context.js';
import {
  acrossRulesTouched,
  type DocSet,
  inRuleOrder,
  lintAcross,
  lintDoc,
  parseDocForLint,
  summarizeDoc,
} from './lint-bridge.js';

export interface Written {
  id: string;
  file: string;
  path: string;
  content: string;
  dryRun: boolean;
}

/**
 * The workspace a write is checked against: every document's summary (the rules across documents
 * need no more), and the parsed documents at the paths the write replaces, as they were read.
 */
export interface WriteBase {
  docs: readonly DocSummary[];
  /** Files named like documents that could not be read (absolute paths). */
  unreadable: readonly string[];
  /** Holds at least the documents at the written path and at `replaces`, when there are any. */
  read: readonly Doc[];
}

export function writeBaseOf(set: DocSet): WriteBase {
  return {
    docs: set.docs.map((d) => summarizeDoc(d, set.docsRoot, set.scheme)),
    unreadable: (set.unreadable ?? []).map((u) => u.path),
    read: set.docs,
  };
}

/**
 * Checks a new or changed document against the whole workspace before writing it, so a command
 * never leaves a document that fails validation because of what it wrote. The write is refused when
 * the file is no longer what `set` read (a create: when the file appeared), so a change made
 * meanwhile by something that does not take the workspace lock (an editor) is never overwritten.
 */
export function checkThenWrite(
  app: App,
  set: DocSet | WriteBase,
  w: { id: string; path: string; file: string; content: string; replaces?: string },
  opts: { dryRun?: boolean; create?: boolean },
): Written {
  const base = 'read' in set ? set : writeBaseOf(set);
  if (opts.create && existsSync(w.path)) {
    throw new PtError('doc/exists', `${w.file} already exists`, {
      hint: 'Nothing was written. Pick another title or remove the file.',
      exit: 3,
    });
  }
  const doc = parseDocForLint(app, w.path, w.file, w.content);
  const mine = summarizeDoc(doc, app.ws.docsRoot, app.scheme);
  // The written document keeps its place among the others when it replaces itself, as validate
  // will read it after the write; a new or renamed one comes last.
  const at = w.replaces && w.replaces !== w.path ? -1 : base.docs.findIndex((d) => d.path === w.path);
  const docs =
    at >= 0
      ? base.docs.map((d, i) => (i === at ? mine : d))
      : [...base.docs.filter((d) => d.path !== w.path && d.path !== w.replaces), mine];
  // Rules that read nothing the write changes find the same before and after, and only errors the
  // change introduces count: they are left out on both sides.
  const only = at >= 0 ? acrossRulesTouched(base.docs[at]!, mine) : undefined;
  // The errors in the written file: only the rules about that one document read it whole.
  const errorsOf = (docs: readonly DocSummary[], mine: Doc | undefined): Finding[] =>
    inRuleOrder(
      mine ? [lintDoc(mine, app.scheme)] : [],
      lintAcross({ docs, scheme: app.scheme, docsRoot: app.ws.docsRoot, unreadable: base.unreadable, only }),
    ).filter((f) => f.file === w.file && f.severity === 'error');
  // Only errors this change introduces block it: a document that was already broken can still move.
  // The workspace before the change is checked only when the change leaves errors to weigh.
  const before = base.read.find((d) => d.path === w.path || d.path === w.replaces);
  const after = errorsOf(docs, doc);
  const known = new Set(
    before && after.length
      ? errorsOf(
          base.docs,
          base.read.find((d) => d.file === w.file),
        ).map((f) => `${f.code}\0${f.message}`)
      : [],
  );
  const findings = after.filter((f) => !known.has(`${f.code}\0${f.message}`));
  if (findings.length) {
    const f = findings[0]!;
    throw new PtError(f.code, `The document would not be valid: ${f.message}`, {
      hint: `${f.hint ?? ''} Nothing was written.`.trim(),
      location: { file: f.file, ...(f.line ? { line: f.line, column: f.column ?? 1 } : {}) },
      exit: 1,
      details: findings,
    });
  }
  if (!opts.dryRun) {
    const replaced = w.replaces ? base.read.find((d) => d.path === w.replaces) : undefined;
    writeFilesAtomic(
      [{ path: w.path, content: w.content, expect: opts.create ? null : before?.source }],
      w.replaces && w.replaces !== w.path ? [{ path: w.replaces, expect: replaced?.source }] : [],
    );
  }
  return { id: w.id, file: w.file, path: w.path, content: w.content, dryRun: !!opts.dryRun };
}
