import { readdirSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isPtError, readText } from '../../base/index.js';
import type { Finding } from '../findings/index.js';
import { classifyFileName, type IdScheme } from './ids.js';
import type { Doc, DocKind } from './model.js';
import { parseDoc } from './parse-doc.js';

export interface DocSet {
  root: string;
  docsRoot: string;
  scheme: IdScheme;
  docs: Doc[];
  /** Problems found while reading (unreadable files, names that match no pattern). */
  problems: Finding[];
  /**
   * Files named like documents that could not be read (not UTF-8, no permission): their numbers are
   * taken, and asking for their ID says why it cannot be shown rather than that it does not exist.
   */
  unreadable?: UnreadableDoc[];
  /**
   * Every file named like a document, read or not. Set when only some documents were read
   * (`loadDocs` with `only`): the rest are known by the ID and kind their file names give.
   */
  named?: { id: string; kind: DocKind }[];
}

export interface UnreadableDoc {
  id: string;
  kind: DocKind;
  number: number;
  baseId: string | null;
  path: string;
  file: string;
  /** Why it could not be read. */
  problem: Finding;
}

const IGNORED = /(^|-)template\.md$|^readme\.md$|^changelog\.md$|^index\.md$/i;

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * `path` relative to `root`, with forward slashes. A normalised path under a normalised root (what
 * the walk gives) is cut off it: path.relative resolves both paths first, which over thousands of
 * files is a cost of its own.
 */
export function relativeFile(root: string, path: string): string {
  const under =
    path.length > root.length + 1 &&
    path[root.length] === sep &&
    path.startsWith(root) &&
    !root.endsWith(sep) &&
    !path.endsWith(sep);
  if (under && normalRoot(root) && path === join(path)) return toPosix(path.slice(root.length + 1));
  return toPosix(relative(root, path));
}

// Every file of a walk is cut off the same root: whether it is absolute and normalised is worked
// out once for it, not once per file.
let lastRoot: string | undefined;
let lastRootNormal = false;
function normalRoot(root: string): boolean {
  if (root !== lastRoot) {
    lastRoot = root;
    lastRootNormal = isAbsolute(root) && root === join(root);
  }
  return lastRootNormal;
}

/** Every Markdown file under `dir`, sorted, skipping dot folders and symlinked folders. */
export function walkMarkdown(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
    }
  };
  visit(dir);
  return out;
}

export function loadFile(
  path: string,
  root: string,
  scheme: IdScheme,
  problems: Finding[],
  opts: { recordedId?: string | null; lazyRequirements?: boolean; file?: string } = {},
): Doc | null {
  // `file`: the relative path the caller worked out already (docFiles gives it for every file).
  const file = opts.file ?? relativeFile(root, path);
  try {
    return parseDoc({
      source: readText(path, file),
      path,
      file,
      scheme,
      recordedId: opts.recordedId ?? null,
      lazyRequirements: opts.lazyRequirements,
    });
  } catch (e) {
    if (!isPtError(e)) throw e;
    problems.push({
      code: e.code,
      severity: 'error',
      message: e.message,
      file,
      ...(e.location?.line ? { line: e.location.line, column: e.location.column ?? 1 } : {}),
      ...(e.hint ? { hint: e.hint } : {}),
    });
    return null;
  }
}

/**
 * Reads and parses every document under the docs root, or with `only` the documents whose file names
 * carry one of those IDs (a document's ID is its file name's). Unreadable files become findings.
 */
/** A Markdown file under the docs root: named like a document, or a finding saying why it is not read. */
export type DocFile =
  | { path: string; file: string; named: NonNullable<ReturnType<typeof classifyFileName>> }
  | { path: string; file: string; named: null; problem: Finding };

/**
 * Every Markdown file under the docs root that is not a template or a read-me, in walk order.
 * `walked`: what walkMarkdown(docsRoot) gave a moment ago, when the caller has it already.
 */
export function docFiles(
  root: string,
  docsRoot: string,
  scheme: IdScheme,
  walked?: Iterable<string>,
): DocFile[] {
  const out: DocFile[] = [];
  for (const path of walked ?? walkMarkdown(docsRoot)) {
    const name = path.slice(path.lastIndexOf(sep) + 1);
    if (IGNORED.test(name)) continue;
    const file = relativeFile(root, path);
    const named = classifyFileName(name, scheme);
    if (named) out.push({ path, file, named });
    else
      out.push({
        path,
        file,
        named: null,
        problem: {
          code: 'naming/file-pattern',
          severity: 'warning',
          message: `"${name}" does not follow the naming pattern, so it is not read as a document`,
          file,
          hint: `Name documents ${scheme.prefixes.proposal}-NNNN-slug.md, ${scheme.prefixes.spec}-NNNN-slug.md, ${scheme.prefixes.spec}-NNNN-EXT-NNNN-slug.md or ${scheme.prefixes.standard}-NNNN-slug.md.`,
        },
      });
  }
  return out;
}

/** What a file named like a document that could not be read still tells: its ID and number. */
export function unreadableDoc(f: DocFile & { named: object }, problem: Finding): UnreadableDoc {
  const { id, kind, number, baseId } = f.named;
  return { id, kind, number, baseId, path: f.path, file: f.file, problem };
}

/**
 * Reads and parses every document under the docs root, or with `only` the documents whose file names
 * carry one of those IDs (a document's ID is its file name's). Unreadable files become findings.
 */
export function loadDocs(
  root: string,
  docsRoot: string,
  scheme: IdScheme,
  opts: { only?: ReadonlySet<string>; lazyRequirements?: boolean } = {},
): DocSet {
  const { only } = opts;
  const problems: Finding[] = [];
  const docs: Doc[] = [];
  const unreadable: UnreadableDoc[] = [];
  const names: { id: string; kind: DocKind }[] = [];
  for (const f of docFiles(root, docsRoot, scheme)) {
    if (!f.named) {
      problems.push(f.problem);
      continue;
    }
    if (only && !only.has(f.named.id)) {
      names.push({ id: f.named.id, kind: f.named.kind });
      continue;
    }
    const doc = loadFile(f.path, root, scheme, problems, {
      lazyRequirements: opts.lazyRequirements,
      file: f.file,
    });
    if (doc) docs.push(doc);
    else unreadable.push(unreadableDoc(f, problems[problems.length - 1]!));
  }
  return { root, docsRoot, scheme, docs, problems, unreadable, ...(only ? { named: names } : {}) };
}

/** Documents by ID; an ID can map to several documents when parallel branches collided. */
export function indexById<D extends { id: string } = Doc>(docs: readonly D[]): Map<string, D[]> {
  const m = new Map<string, D[]>();
  for (const d of docs) {
    const list = m.get(d.id);
    if (list) list.push(d);
    else m.set(d.id, [d]);
  }
  return m;
}
