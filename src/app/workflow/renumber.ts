import { basename, dirname, join, relative } from 'node:path';
import { type FileWrite, writeFilesAtomic } from '../../base/index.js';
import {
  assignRequirementIds,
  type Doc,
  docId,
  indexById,
  parseDoc,
  replaceIds,
  toPosix,
  type UnreadableDoc,
} from '../../domain/docs/index.js';
import { type App, loadAll, requireWorkspace, withDocsLock } from '../kernel/index.js';
import { gitHistory, type History } from './renumber-history.js';
import { owners } from './renumber-owners.js';

export interface Renumbered {
  from: string;
  to: string;
  file: string;
  newFile: string;
}

export interface RenumberResult {
  documents: Renumbered[];
  /** References carried along with a renumbered document, one per file and ID. */
  references: { file: string; from: string; to: string }[];
  requirements: { doc: string; name: string; id: string }[];
  dryRun: boolean;
}

function dateOf(d: Doc): string {
  const v = d.data.date;
  return v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '9999-99-99' : String(v);
}

/**
 * The oldest of a duplicated ID keeps it: first created by git history (the commit that added the
 * file), then by `date:`, then by file name. Uncommitted files count as created last.
 */
function keepOrder(history: History): (a: Doc, b: Doc) => number {
  const time = (d: Doc) => history.origin(d).time ?? Number.POSITIVE_INFINITY;
  return (a, b) => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const da = dateOf(a);
    const db = dateOf(b);
    return da < db ? -1 : da > db ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  };
}

/**
 * Resolves duplicate document numbers (parallel branches) and writes missing or duplicated
 * requirement IDs. All files change together or not at all.
 */
export function renumber(app: App, opts: { dryRun?: boolean } = {}): RenumberResult {
  requireWorkspace(app);
  return withDocsLock(app, () => renumberLocked(app, opts), !opts.dryRun);
}

/** New IDs by document path: duplicates move on, extensions follow their base spec. */
function plan(app: App, docs: Doc[], unreadable: UnreadableDoc[], history: History) {
  const order = keepOrder(history);
  const byId = indexById(docs);
  const newIds = new Map<string, string>();
  const keeper = (group: Doc[]) => group.find((d) => !newIds.has(d.path)) ?? [...group].sort(order)[0]!;
  const own = owners(byId, keeper, history);
  const idOf = (d: Doc) => newIds.get(d.path) ?? d.id;
  const baseOf = (d: Doc) => idOf(d).replace(/-EXT-\d+$/, '');
  const used = new Set([...docs.map((d) => d.id), ...unreadable.map((u) => u.id)]);
  // The highest number in use for a kind (and base), counting what this run has handed out.
  const next = (kind: Doc['kind'], base?: string) => {
    let max = 0;
    for (const d of docs) {
      if (d.kind !== kind) continue;
      if (kind === 'extension' && baseOf(d) !== base) continue;
      const n = Number(/(\d+)$/.exec(idOf(d))?.[1] ?? 0);
      max = Math.max(max, n);
    }
    for (const u of unreadable)
      if (u.kind === kind && (kind !== 'extension' || u.baseId === base)) max = Math.max(max, u.number);
    let id = docId(kind, max + 1, app.scheme.prefixes, base);
    for (let n = max + 2; used.has(id); n++) id = docId(kind, n, app.scheme.prefixes, base);
    used.add(id);
    return id;
  };
  const sortedGroups = () => [...byId].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, group] of sortedGroups()) {
    if (group.length < 2 || group[0]!.kind === 'extension') continue;
    for (const d of [...group].sort(order).slice(1)) newIds.set(d.path, next(d.kind));
  }
  for (const d of docs) {
    if (d.kind !== 'extension' || !d.fileId || !d.baseId) continue;
    const base = own.of(d, d.baseId);
    const to = base && newIds.get(base.path);
    if (to) newIds.set(d.path, to + d.id.slice(d.baseId.length));
  }
  const extensions = new Map<string, Doc[]>();
  for (const d of docs)
    if (d.kind === 'extension') extensions.set(idOf(d), [...(extensions.get(idOf(d)) ?? []), d]);
  for (const [, group] of [...extensions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (group.length < 2) continue;
    for (const d of [...group].sort(order).slice(1)) newIds.set(d.path, next('extension', baseOf(d)));
  }
  return { byId, newIds, own };
}

function renumberLocked(app: App, opts: { dryRun?: boolean }): RenumberResult {
  const set = loadAll(app);
  const history = gitHistory(app.ws.root);
  const { byId, newIds, own } = plan(app, set.docs, set.unreadable ?? [], history);
  const writes: FileWrite[] = [];
  const removes: string[] = [];
  const documents: Renumbered[] = [];
  const references: RenumberResult['references'] = [];
  const requirements: RenumberResult['requirements'] = [];
  // Only IDs one of whose documents moves need looking at.
  const involved = new Set([...byId].filter(([, g]) => g.some((d) => newIds.has(d.path))).map(([id]) => id));
  const current = new Map<string, Doc>(set.docs.map((d) => [d.path, d]));

  for (const d of set.docs) {
    const changed = new Map<string, string>();
    const src = replaceIds(d.source, app.scheme.anyDocIdGlobal, (id, link) => {
      if (!involved.has(id)) return null;
      const target = (link && own.linked(d, link, id)) || own.of(d, id);
      const to = target && newIds.get(target.path);
      if (to && target !== d) changed.set(id, to);
      return to ?? null;
    });
    const to = newIds.get(d.path);
    if (src === d.source && !to) continue;
    const path = to ? join(dirname(d.path), basename(d.path).replace(d.id, to)) : d.path;
    const file = toPosix(relative(app.ws.root, path));
    if (to) {
      current.delete(d.path);
      removes.push(d.path);
      documents.push({ from: d.id, to, file: d.file, newFile: file });
    }
    for (const [from, into] of changed) references.push({ file, from, to: into });
    current.set(path, parseDoc({ source: src, path, file, scheme: app.scheme }));
  }
  documents.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.file < b.file ? -1 : 1));
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
  return { documents, references, requirements, dryRun: !!opts.dryRun };
}
