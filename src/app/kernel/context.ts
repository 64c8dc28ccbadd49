import { existsSync } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import { checkSlug, findWorkspace, PtError, slugify, type Workspace } from '../../base/index.js';
import {
  DEFAULT_PREFIXES,
  type Doc,
  type DocKind,
  type DocSet,
  docId,
  type IdScheme,
  idScheme,
  indexById,
  loadDocs,
  toPosix,
  type UnreadableDoc,
} from '../../domain/docs/index.js';
import type { OnNote } from './notes.js';
import { checkDocsRoot, checkNewDocPath } from './paths.js';

export interface App {
  cwd: string;
  ws: Workspace;
  scheme: IdScheme;
  /** YYYY-MM-DD; PAPERTRAIL_TODAY pins it so tests and reproducible runs get the same bytes. */
  today: string;
  /** Hears what a use case would tell a person (a wait, a side failure); the face that opened the app says it. */
  onNote?: OnNote | undefined;
}

export function openApp(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: { onNote?: OnNote | undefined } = {},
): App {
  const ws = findWorkspace(cwd);
  const scheme = idScheme({ ...DEFAULT_PREFIXES, ...ws.config.ids });
  const pinned = env.PAPERTRAIL_TODAY;
  if (pinned && !/^\d{4}-\d{2}-\d{2}$/.test(pinned)) {
    throw new PtError('config/bad-today', `PAPERTRAIL_TODAY="${pinned}" is not a YYYY-MM-DD date`, {
      hint: 'Set it like PAPERTRAIL_TODAY=2026-11-23, or unset it to use today.',
      exit: 2,
    });
  }
  return {
    cwd,
    ws,
    scheme,
    today: pinned ?? localDate(new Date()),
    ...(opts.onNote ? { onNote: opts.onNote } : {}),
  };
}

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function requireWorkspace(app: App): void {
  if (!app.ws.initialized && !existsSync(app.ws.docsRoot)) {
    throw new PtError('workspace/not-found', `No Papertrail workspace here (${app.cwd})`, {
      hint: 'Run "papertrail init" first, or run the command inside a workspace.',
      exit: 3,
    });
  }
}

export function loadAll(app: App, opts: { lazyRequirements?: boolean } = {}): DocSet {
  checkDocsRoot(app);
  return loadDocs(app.ws.root, app.ws.docsRoot, app.scheme, opts);
}

/**
 * Reads only the documents with these IDs (a command about one document need not parse the whole
 * workspace); the others are known by name, enough for findDoc's answers.
 */
export function loadSome(app: App, ids: string[]): DocSet {
  checkDocsRoot(app);
  return loadDocs(app.ws.root, app.ws.docsRoot, app.scheme, {
    only: new Set(ids.map((i) => i.trim().toUpperCase())),
  });
}

export const FOLDERS: Record<DocKind, string> = {
  proposal: 'proposals',
  spec: 'specs',
  extension: 'specs',
  standard: 'standards',
};

/**
 * Highest number in use + 1; extensions are numbered per base spec. Gaps are never filled, and a
 * file that cannot be read still holds its number.
 */
export function nextNumber(set: DocSet, kind: DocKind, base?: string): number {
  let max = 0;
  for (const d of [...set.docs, ...(set.unreadable ?? [])]) {
    if (d.kind !== kind || d.number === null) continue;
    if (kind === 'extension' && d.baseId !== base) continue;
    max = Math.max(max, d.number);
  }
  return max + 1;
}

export function nextId(app: App, set: DocSet, kind: DocKind, base?: string): string {
  return docId(kind, nextNumber(set, kind, base), app.scheme.prefixes, base);
}

/**
 * The path of a new document named after `title` (or an explicit `slug`): a kebab-case name that
 * cannot leave the docs root, or a clear refusal.
 */
export function newDocPathFor(
  app: App,
  kind: DocKind,
  id: string,
  title: string,
  slug?: string,
): { path: string; file: string } {
  const raw = slug?.normalize('NFC') ?? slugify(title);
  if (!raw) {
    throw new PtError('input/bad-slug', `The title "${title}" has no letters or digits to name a file with`, {
      hint: 'Name the file with --slug (e.g. --slug runner-infrastructure; "slug:" in a --from file), or put letters or digits in the title.',
      exit: 2,
    });
  }
  return newDocPath(app, kind, id, checkSlug(raw, slug ? 'slug' : 'title'));
}

/** The path a new document gets; refuses anything that would land outside the docs root. */
export function newDocPath(
  app: App,
  kind: DocKind,
  id: string,
  slug: string,
): { path: string; file: string } {
  const folder = resolve(app.ws.docsRoot, FOLDERS[kind]);
  const path = resolve(folder, `${id}-${slug}.md`);
  if (!path.startsWith(folder + sep)) {
    throw new PtError(
      'path/outside-root',
      `The document path would be outside ${relative(app.cwd, app.ws.docsRoot) || '.'}`,
      {
        hint: 'Use a title made of words; it becomes a kebab-case file name.',
        exit: 2,
      },
    );
  }
  checkNewDocPath(app, path);
  return { path, file: toPosix(relative(app.ws.root, path)) };
}

/** What findDoc looks in: a DocSet, or the per-file index's summaries. */
export interface Findable<D> {
  docs: readonly D[];
  unreadable?: UnreadableDoc[] | undefined;
  named?: { id: string; kind: DocKind }[] | undefined;
}

export function findDoc<D extends { id: string; kind: DocKind; file: string } = Doc>(
  app: App,
  set: Findable<D>,
  id: string,
  kinds?: DocKind[],
): D {
  const want = id.trim().toUpperCase();
  const hits = indexById(set.docs).get(want);
  const doc = hits?.[0];
  if (!doc) {
    const bad = set.unreadable?.find((u) => u.id === want && (!kinds || kinds.includes(u.kind)));
    if (bad) throw unreadableDoc(bad);
  }
  if (!doc || (kinds && !kinds.includes(doc.kind))) {
    const available = [...set.docs, ...(set.named ?? [])]
      .filter((d) => !kinds || kinds.includes(d.kind))
      .map((d) => d.id)
      .sort();
    throw new PtError(
      'doc/not-found',
      `${want} does not exist${kinds ? ` (looking for a ${kinds.join(' or ')})` : ''}`,
      {
        hint: available.length
          ? `Available: ${available.slice(0, 20).join(', ')}${available.length > 20 ? ', …' : ''}`
          : `There are no ${kinds?.join('/') ?? 'document'}s yet in ${relative(app.cwd, app.ws.docsRoot) || '.'}.`,
        exit: 3,
      },
    );
  }
  if (hits.length > 1) {
    throw new PtError(
      'id/duplicate',
      `${want} is used by ${hits.length} documents: ${hits.map((h) => h.file).join(', ')}`,
      {
        hint: 'Run "papertrail renumber" to give each its own number.',
        exit: 3,
      },
    );
  }
  return doc;
}

function unreadableDoc(u: UnreadableDoc): PtError {
  const p = u.problem;
  return new PtError('doc/unreadable', `${u.id} cannot be read: ${p.message}`, {
    hint: `${p.hint ?? 'Fix or remove the file.'} Its number stays taken until then.`,
    location: { file: u.file, ...(p.line ? { line: p.line, column: p.column ?? 1 } : {}) },
    exit: 1,
  });
}

/** Default authors: config, else the git user, else none. */
export function defaultAuthors(app: App): string[] {
  if (app.ws.config.authors.length) return app.ws.config.authors;
  try {
    // Loaded here, not on start-up: only commands that write a document ask for its authors.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: app.ws.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    }).trim();
    return name ? [name] : [];
  } catch {
    return [];
  }
}

/** A Markdown link from one workspace file to another (both workspace-relative, forward slashes). */
export function relLink(fromFile: string, toFile: string): string {
  const link = posix.relative(posix.dirname(fromFile), toFile);
  return link.startsWith('../') ? link : `./${link}`;
}
