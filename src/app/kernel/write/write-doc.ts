import { existsSync } from 'node:fs';
import { PtError, writeFilesAtomic } from '../../../base/index.js';
import type { App } from '../context.js';
import { type DocSet, lintDocs, parseDocForLint } from './lint-bridge.js';

export interface Written {
  id: string;
  file: string;
  path: string;
  content: string;
  dryRun: boolean;
}

/**
 * Checks a new or changed document against the whole workspace before writing it, so a command
 * never leaves a document that fails validation because of what it wrote. The write is refused when
 * the file is no longer what `set` read (a create: when the file appeared), so a change made
 * meanwhile by something that does not take the workspace lock (an editor) is never overwritten.
 */
export function checkThenWrite(
  app: App,
  set: DocSet,
  w: { id: string; path: string; file: string; content: string; replaces?: string },
  opts: { dryRun?: boolean; create?: boolean },
): Written {
  if (opts.create && existsSync(w.path)) {
    throw new PtError('doc/exists', `${w.file} already exists`, {
      hint: 'Nothing was written. Pick another title or remove the file.',
      exit: 3,
    });
  }
  const doc = parseDocForLint(app, w.path, w.file, w.content);
  const others = set.docs.filter((d) => d.path !== w.path && d.path !== w.replaces);
  const errorsOf = (docs: DocSet['docs']) =>
    lintDocs({ ...set, docs, problems: [] }, { only: new Set([w.file]) }).filter(
      (f) => f.severity === 'error',
    );
  // Only errors this change introduces block it: a document that was already broken can still move.
  const before = set.docs.find((d) => d.path === w.path || d.path === w.replaces);
  const known = new Set(before ? errorsOf(set.docs).map((f) => `${f.code}\0${f.message}`) : []);
  const findings = errorsOf([...others, doc]).filter((f) => !known.has(`${f.code}\0${f.message}`));
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
    const replaced = w.replaces ? set.docs.find((d) => d.path === w.replaces) : undefined;
    writeFilesAtomic(
      [{ path: w.path, content: w.content, expect: opts.create ? null : before?.source }],
      w.replaces && w.replaces !== w.path ? [{ path: w.replaces, expect: replaced?.source }] : [],
    );
  }
  return { id: w.id, file: w.file, path: w.path, content: w.content, dryRun: !!opts.dryRun };
}
