import { basename, dirname, join, relative } from 'node:path';
import { type FileWrite, writeFilesAtomic } from '../../base/index.js';
import {
  assignRequirementIds,
  type Doc,
  docId,
  indexById,
  parseDoc,
  setFrontmatter,
  toPosix,
} from '../../domain/docs/index.js';
import { type App, loadAll, nextNumber, requireWorkspace } from './context.js';
import { withDocsLock } from './doc-lock.js';

export interface Renumbered {
  from: string;
  to: string;
  file: string;
  newFile: string;
}

export interface RenumberResult {
  documents: Renumbered[];
  requirements: { doc: string; name: string; id: string }[];
  dryRun: boolean;
}

function dateOf(d: Doc): string {
  const v = d.data.date;
  return v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '9999-99-99' : String(v);
}

/** Keeps the oldest document of a duplicated ID (by date, then file name) and moves the others on. */
function keepOrder(a: Doc, b: Doc): number {
  const da = dateOf(a);
  const db = dateOf(b);
  return da < db ? -1 : da > db ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function retitle(source: string, doc: Doc, to: string): string {
  if (!doc.titlePos || !doc.heading) return source;
  const line = doc.scanned.lines[doc.titlePos.line - 1]!;
  const col = doc.titlePos.column - 1;
  const at = line.start + col;
  if (!source.startsWith(doc.id, at)) return source;
  return source.slice(0, at) + to + source.slice(at + doc.id.length);
}

/**
 * Resolves duplicate document numbers (parallel branches) and writes missing or duplicated
 * requirement IDs. All files change together or not at all.
 */
export function renumber(app: App, opts: { dryRun?: boolean } = {}): RenumberResult {
  requireWorkspace(app);
  return withDocsLock(app, () => renumberLocked(app, opts), !opts.dryRun);
}

function renumberLocked(app: App, opts: { dryRun?: boolean }): RenumberResult {
  const set = loadAll(app);
  const writes: FileWrite[] = [];
  const removes: string[] = [];
  const documents: Renumbered[] = [];
  const requirements: RenumberResult['requirements'] = [];
  const taken = new Map<string, number>();
  const next = (kind: Doc['kind'], base?: string) => {
    const key = `${kind}:${base ?? ''}`;
    const n = Math.max(taken.get(key) ?? 0, nextNumber(set, kind, base));
    taken.set(key, n + 1);
    return n;
  };
  const current = new Map<string, Doc>(set.docs.map((d) => [d.path, d]));

  for (const [, docs] of [...indexById(set.docs)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (docs.length < 2) continue;
    const [, ...movers] = [...docs].sort(keepOrder);
    for (const d of movers) {
      const to = docId(
        d.kind,
        next(d.kind, d.baseId ?? undefined),
        app.scheme.prefixes,
        d.baseId ?? undefined,
      );
      let src = d.source;
      if (typeof d.data.id === 'string') src = setFrontmatter(d, 'id', to);
      const re = parseDoc({ source: src, path: d.path, file: d.file, scheme: app.scheme });
      src = retitle(src, re, to);
      const newPath = join(dirname(d.path), basename(d.path).replace(d.id, to));
      const moved = parseDoc({
        source: src,
        path: newPath,
        file: toPosix(relative(app.ws.root, newPath)),
        scheme: app.scheme,
      });
      current.delete(d.path);
      current.set(newPath, moved);
      removes.push(d.path);
      documents.push({ from: d.id, to, file: d.file, newFile: moved.file });
    }
  }
  for (const [path, d] of current) {
    if (d.kind !== 'spec' && d.kind !== 'extension') continue;
    const { source, assigned } = assignRequirementIds(d, app.scheme.prefixes);
    if (assigned.length) {
      current.set(path, parseDoc({ source, path, file: d.file, scheme: app.scheme }));
      for (const a of assigned) requirements.push({ doc: d.id, name: a.name, id: `${d.id}/${a.id}` });
    }
  }
  const original = new Map(set.docs.map((d) => [d.path, d.source]));
  // Each file must still be what was read (a moved document's new name must still be free).
  for (const [path, d] of current)
    if (original.get(path) !== d.source)
      writes.push({ path, content: d.source, expect: original.get(path) ?? null });
  const removals = removes.map((path) => ({ path, expect: original.get(path) }));
  if (!opts.dryRun && (writes.length || removes.length)) writeFilesAtomic(writes, removals);
  return { documents, requirements, dryRun: !!opts.dryRun };
}
