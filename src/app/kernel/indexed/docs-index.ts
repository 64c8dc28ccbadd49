// Each document's summary and its own findings, kept per file in .papertrail/cache/ while the file
// stays as it is, so that after an edit a command parses the files that changed and works out the
// rest (the rules across documents, the graph, the list) from the summaries of the others.
//
// The index is kept under a key over the build and the workspace's settings; each file's entry under
// that file's stamp (base/file-stamp.ts). A file unsettled (changed within the last seconds) or
// changed while it was read is parsed but not kept. The index is only an optimisation: a missing,
// corrupt, foreign or unwritable file is ignored, never reported, and PAPERTRAIL_NO_CACHE turns it off.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_ID, fileStamp, writeCacheFile } from '../../../base/index.js';
import {
  type DocFile,
  type DocSummary,
  docFiles,
  loadFile,
  summarizeDoc,
  type UnreadableDoc,
  unreadableDoc,
} from '../../../domain/docs/index.js';
import type { Finding } from '../../../domain/findings/index.js';
import { lintDoc, type OwnFindings } from '../../../domain/lint/index.js';
import type { App } from '../context.js';
import { type DocsStamp, memoEnabled } from '../docs-memo.js';
import { checkDocsRoot } from '../paths.js';

/** Bumped whenever what an entry looks like changes; part of the file name too. */
const FORMAT = 1;

type Entry = { stamp: string; summary: DocSummary; own: OwnFindings } | { stamp: string; problem: Finding };

interface Kept {
  format: number;
  key: string;
  files: Record<string, Entry>;
}

/** The workspace's documents as the index gives them: what a DocSet holds, less the documents' text. */
export interface IndexedDocs {
  /** Summaries of the documents read, in the order loadDocs reads them. */
  docs: DocSummary[];
  /** What the rules about one document found in each, in the same order (empty lists when the
   * caller said it does not read them and nothing is kept: `own: false` with the cache off). */
  own: OwnFindings[];
  /** Files that are not read (named like no document) or could not be, as loadDocs reports them. */
  problems: Finding[];
  unreadable: UnreadableDoc[];
  /** Updates the index with what this run read (done already unless `defer` was asked for). */
  keep(): void;
}

function indexFile(app: App): string {
  return join(app.ws.root, '.papertrail', 'cache', `docs-index-v${FORMAT}.json`);
}

function indexKey(app: App): string {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  hash.update(`${FORMAT}\n${BUILD_ID}\n${app.ws.root}\n${JSON.stringify(app.ws.config)}\n`);
  hash.update(JSON.stringify(app.scheme));
  return hash.digest('base64url');
}

function recallIndex(app: App, key: string): Record<string, Entry> {
  try {
    const kept = JSON.parse(readFileSync(indexFile(app), 'utf8')) as Kept;
    if (kept?.format === FORMAT && kept.key === key && typeof kept.files === 'object' && kept.files)
      return kept.files;
  } catch {
    // Missing or corrupt: every file is read.
  }
  return {};
}

const isEntry = (e: unknown, stamp: string): e is Entry => {
  const x = e as Record<string, unknown> | null;
  if (typeof x !== 'object' || x === null || x.stamp !== stamp) return false;
  if ('problem' in x) return typeof x.problem === 'object' && x.problem !== null;
  const s = x.summary as Record<string, unknown> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.requirements) &&
    Array.isArray(s.refs) &&
    Array.isArray(s.links) &&
    Array.isArray(x.own) &&
    x.own.every(Array.isArray)
  );
};

function readEntry(app: App, f: DocFile, stamp: string, lint: boolean): Entry {
  const problems: Finding[] = [];
  const doc = loadFile(f.path, app.ws.root, app.scheme, problems, { file: f.file });
  if (!doc) return { stamp, problem: problems[0]! };
  return {
    stamp,
    summary: summarizeDoc(doc, app.ws.docsRoot, app.scheme),
    own: lint ? lintDoc(doc, app.scheme) : [],
  };
}

/** The files the memo's stamp found, less those gone before they could be stamped. */
function walked(stamp: DocsStamp | null | undefined): string[] | undefined {
  if (!stamp) return undefined;
  const out: string[] = [];
  for (const [path, s] of stamp.files) if (s) out.push(path);
  return out;
}

/**
 * Every document's summary and own findings: from the index for files unchanged since it was
 * written, parsed for the rest, and the index updated; with `defer`, only when the caller calls
 * `keep()` (a write that is refused leaves every file as it was, the cache included). `stamp`: the
 * files' stamps taken a moment ago by the whole-workspace memo, used instead of a second look.
 * `own: false`: the caller does not read `own`.
 */
export function indexDocs(
  app: App,
  opts: { defer?: boolean; stamp?: DocsStamp | null; own?: boolean } = {},
): IndexedDocs {
  checkDocsRoot(app);
  const enabled = memoEnabled(app);
  // What is kept must hold the own findings for validate; with nothing kept, only a caller that
  // reads them pays for the rules about each document.
  const lint = enabled || opts.own !== false;
  const startedAt = Date.now();
  const key = enabled ? indexKey(app) : '';
  const kept = enabled ? recallIndex(app, key) : {};
  const next: Record<string, Entry> = {};
  const fresh: { f: DocFile; entry: Entry }[] = [];
  let done = false;
  const out: IndexedDocs = {
    docs: [],
    own: [],
    problems: [],
    unreadable: [],
    keep: () => {
      if (done || !enabled) return;
      done = true;
      update(app, key, next, fresh, Object.keys(next).length < Object.keys(kept).length);
    },
  };
  for (const f of docFiles(app.ws.root, app.ws.docsRoot, app.scheme, walked(opts.stamp))) {
    if (!f.named) {
      out.problems.push(f.problem);
      continue;
    }
    const given = opts.stamp?.files.get(f.path);
    const stamp = !enabled ? null : given !== undefined ? given : fileStamp(f.path, startedAt);
    let entry: Entry | undefined = stamp ? kept[f.file] : undefined;
    if (stamp && isEntry(entry, stamp.stamp)) {
      next[f.file] = entry;
    } else {
      // An entry under another stamp stays until the file settles and replaces it: no entry is
      // ever taken for a file whose stamp differs, and the index is not rewritten for it meanwhile.
      if (entry !== undefined) next[f.file] = entry;
      entry = readEntry(app, f, stamp?.stamp ?? '', lint);
      if (stamp?.settled) fresh.push({ f, entry });
    }
    if ('problem' in entry) {
      out.problems.push(entry.problem);
      out.unreadable.push(unreadableDoc(f, entry.problem));
    } else {
      out.docs.push(entry.summary);
      out.own.push(entry.own);
    }
  }
  if (!opts.defer) out.keep();
  return out;
}

/**
 * Adds the entries of files read in this run that are still as stamped (one edited while it was read
 * would otherwise be kept under its new stamp), and drops those of files gone; writes nothing when
 * nothing changed.
 */
function update(
  app: App,
  key: string,
  next: Record<string, Entry>,
  fresh: { f: DocFile; entry: Entry }[],
  dropped: boolean,
): void {
  const now = Date.now();
  let added = 0;
  for (const { f, entry } of fresh) {
    if (fileStamp(f.path, now)?.stamp !== entry.stamp) continue;
    next[f.file] = entry;
    added++;
  }
  if (!added && !dropped) return;
  try {
    const kept: Kept = { format: FORMAT, key, files: next };
    writeCacheFile(indexFile(app), JSON.stringify(kept));
  } catch {
    // A read-only checkout or a full disk: the next run reads the files again.
  }
}
