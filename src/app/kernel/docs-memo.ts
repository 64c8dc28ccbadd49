// What is worked out from every document of a workspace (validate's findings, the list, the link
// graph) is kept in .papertrail/cache/ and handed back while no document file has changed, so the
// everyday commands of a large workspace stat its files instead of parsing and checking them all.
//
// A result is kept under a key over the build, the workspace's settings and the stamp of every
// Markdown file under the docs root (base/file-stamp.ts): any edit, new, renamed or deleted file
// gives another key, and the next command works the result out afresh. Nothing is kept while a file
// is unsettled (changed within the last seconds) or changed during the run. The cache is only an
// optimisation: a missing, corrupt, foreign or unwritable file is ignored, never reported.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_ID, cachesAllowed, type FileStamp, fileStamp, writeCacheFile } from '../../base/index.js';
import { walkMarkdown } from '../../domain/docs/index.js';
import type { App } from './context.js';

/** Bumped whenever what a kept result looks like changes; part of the file name too. */
const FORMAT = 1;

export type MemoName = 'findings' | 'list' | 'graph';

interface Kept {
  format: number;
  key: string;
  value: unknown;
}

/** The workspace as this run found it: the key results are kept under, and whether to keep any. */
export interface DocsStamp {
  key: string;
  settled: boolean;
  /** Each Markdown file's stamp (null: gone meanwhile), so the per-file index need not stat again. */
  files: Map<string, FileStamp | null>;
}

/**
 * The memo is used in a workspace made by `papertrail init` (its .papertrail/ folder is local state
 * already), unless PAPERTRAIL_NO_CACHE is set to anything but "" or "0".
 */
export function memoEnabled(app: App, env: NodeJS.ProcessEnv = process.env): boolean {
  return app.ws.initialized && cachesAllowed(env);
}

export function stampDocs(app: App, startedAt = Date.now()): DocsStamp {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  hash.update(`${FORMAT}\n${BUILD_ID}\n${app.ws.root}\n${JSON.stringify(app.ws.config)}\n`);
  hash.update(`${JSON.stringify(app.scheme)}\n`);
  let settled = true;
  const files = new Map<string, FileStamp | null>();
  for (const f of walkMarkdown(app.ws.docsRoot)) {
    const s = fileStamp(f, startedAt);
    files.set(f, s);
    if (s && !s.settled) settled = false;
    hash.update(`${f}\t${s?.stamp ?? '-'}\n`);
  }
  return { key: hash.digest('base64url'), settled, files };
}

function memoFile(app: App, name: MemoName): string {
  return join(app.ws.root, '.papertrail', 'cache', `docs-${name}-v${FORMAT}.json`);
}

/**
 * Whether the file kept under `key` starts as keep() writes it. After an edit the key differs, and
 * a kept graph is megabytes: reading and parsing it all only to find that would cost more than the
 * edit does.
 */
function startsWithKey(file: string, key: string): boolean {
  const head = Buffer.from(`{"format":${FORMAT},"key":${JSON.stringify(key)},`);
  const got = Buffer.alloc(head.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, got, 0, got.length, 0) === got.length && got.equals(head);
  } finally {
    closeSync(fd);
  }
}

/** The value kept under `stamp`'s key, when there is one that passes `check`. */
export function recall<T>(
  app: App,
  name: MemoName,
  stamp: DocsStamp,
  check: (v: unknown) => v is T,
): T | null {
  const file = memoFile(app, name);
  let kept: Kept;
  try {
    if (!startsWithKey(file, stamp.key)) return null;
    kept = JSON.parse(readFileSync(file, 'utf8')) as Kept;
  } catch {
    return null;
  }
  if (kept?.format !== FORMAT || kept.key !== stamp.key || !check(kept.value)) return null;
  return kept.value;
}

/**
 * Keeps `value` under `stamp`'s key when every file was settled and is still as stamped: a file
 * edited while the value was worked out would otherwise have its old result kept under its new stamp.
 */
export function keep(app: App, name: MemoName, stamp: DocsStamp, value: unknown): void {
  if (!stamp.settled) return;
  const now = stampDocs(app);
  if (now.key !== stamp.key || !now.settled) return;
  try {
    const kept: Kept = { format: FORMAT, key: stamp.key, value };
    writeCacheFile(memoFile(app, name), JSON.stringify(kept));
  } catch {
    // A read-only checkout or a full disk: the next run works it out again.
  }
}

/** How a value is kept when not as it is: `pack` gives what is written, `unpack` the value back or null. */
export interface MemoForm<T> {
  pack(value: T): unknown;
  unpack(kept: unknown): T | null;
}

/**
 * `compute()`'s value, or the one kept from an earlier run on the same files. `compute` must depend
 * on nothing but the documents under the docs root and the workspace's settings; it is given the
 * files' stamps when the memo is on. `check` is either a test of a value kept as it is, or the form
 * (pack and unpack) it is kept in.
 */
export function memoized<T>(
  app: App,
  name: MemoName,
  check: ((v: unknown) => v is T) | MemoForm<T>,
  compute: (stamp: DocsStamp | null) => T,
): T {
  if (!memoEnabled(app)) return compute(null);
  const stamp = stampDocs(app);
  const form: MemoForm<T> =
    typeof check === 'function' ? { pack: (v) => v, unpack: (v) => (check(v) ? v : null) } : check;
  const kept = recall(app, name, stamp, (v: unknown): v is unknown => v !== null);
  const taken = kept === null ? null : form.unpack(kept);
  if (taken !== null) return taken;
  const value = compute(stamp);
  keep(app, name, stamp, form.pack(value));
  return value;
}
