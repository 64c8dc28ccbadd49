import type { Doc, Requirement } from '../docs/model.js';
import type { DuplicateId, GraphNode, NodeKind, Occurrence } from './model.js';
import { nameKey } from './names.js';
import { compareStrings } from './order.js';

export interface ReqEntry {
  req: Requirement;
  node: GraphNode;
  owner: DocEntry;
}

export interface DocEntry {
  doc: Doc;
  node: GraphNode;
  reqs: ReqEntry[];
  /** First requirement per local ID / name key; later ones are duplicates and only reachable by node ID. */
  byLocal: Map<string, ReqEntry>;
  byName: Map<string, ReqEntry>;
}

/** Lookup tables over all documents, built once so every resolution is a map hit. */
export interface Workspace {
  entries: DocEntry[];
  /** Plain document ID → the document that kept it. */
  byId: Map<string, DocEntry>;
  /** Base spec ID → its extensions, in ID order. */
  extensionsOf: Map<string, DocEntry[]>;
  /** Base spec ID → name key → requirements of that name across its extensions, in ID order. */
  extensionNames: Map<string, Map<string, ReqEntry[]>>;
  duplicates: DuplicateId[];
}

class IdAllocator {
  private readonly taken = new Set<string>();
  private readonly claims = new Map<string, { kind: NodeKind; occurrences: Occurrence[] }>();

  claim(wanted: string, kind: NodeKind, at: Omit<Occurrence, 'node'>): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}~${n}`;
    this.taken.add(id);
    const c = this.claims.get(wanted);
    if (c) c.occurrences.push({ node: id, ...at });
    else this.claims.set(wanted, { kind, occurrences: [{ node: id, ...at }] });
    return id;
  }

  duplicates(): DuplicateId[] {
    const out: DuplicateId[] = [];
    for (const [id, c] of this.claims) if (c.occurrences.length > 1) out.push({ id, ...c });
    return out.sort((a, b) => compareStrings(a.id, b.id));
  }
}

// Which file keeps a contested ID must not depend on directory listing order: the one whose
// file name carries the ID wins over one that only claims it in frontmatter, then path order.
function compareDocs(a: Doc, b: Doc): number {
  return (
    compareStrings(a.id, b.id) ||
    Number(a.fileId !== a.id) - Number(b.fileId !== b.id) ||
    compareStrings(a.file, b.file)
  );
}

function docNode(doc: Doc, id: string): GraphNode {
  const pos = doc.titlePos ?? { line: 1, column: 1 };
  return {
    id,
    kind: doc.kind,
    label: doc.title ?? doc.heading ?? doc.id,
    file: doc.file,
    line: pos.line,
    column: pos.column,
    ...(doc.status ? { status: doc.status } : {}),
  };
}

function requirementNode(req: Requirement, id: string, owner: GraphNode): GraphNode {
  return {
    id,
    kind: 'requirement',
    label: req.name,
    file: owner.file,
    line: req.line,
    column: req.column,
    parent: owner.id,
    ...(req.localId ? { localId: req.localId } : {}),
  };
}

export function buildWorkspace(docs: readonly Doc[]): Workspace {
  const ids = new IdAllocator();
  const entries: DocEntry[] = [];
  const byId = new Map<string, DocEntry>();
  const extensionsOf = new Map<string, DocEntry[]>();
  const extensionNames = new Map<string, Map<string, ReqEntry[]>>();
  for (const doc of [...docs].sort(compareDocs)) {
    const pos = doc.titlePos ?? { line: 1, column: 1 };
    const node = docNode(doc, ids.claim(doc.id, doc.kind, { file: doc.file, ...pos }));
    const entry: DocEntry = { doc, node, reqs: [], byLocal: new Map(), byName: new Map() };
    for (const req of doc.requirements) {
      const wanted = req.localId ? `${node.id}/${req.localId}` : `${node.id}#${req.name}`;
      const id = ids.claim(wanted, 'requirement', { file: doc.file, line: req.line, column: req.column });
      const r: ReqEntry = { req, node: requirementNode(req, id, node), owner: entry };
      entry.reqs.push(r);
      if (req.localId && !entry.byLocal.has(req.localId)) entry.byLocal.set(req.localId, r);
      const key = nameKey(req.name);
      if (!entry.byName.has(key)) entry.byName.set(key, r);
    }
    entries.push(entry);
    if (!byId.has(doc.id)) byId.set(doc.id, entry);
    const base = baseIdOf(entry);
    if (base) {
      push(extensionsOf, base, entry);
      const names = extensionNames.get(base) ?? new Map<string, ReqEntry[]>();
      extensionNames.set(base, names);
      for (const r of entry.reqs) push(names, nameKey(r.req.name), r);
    }
  }
  return { entries, byId, extensionsOf, extensionNames, duplicates: ids.duplicates() };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The spec an extension extends; null for every other kind. */
export function baseIdOf(entry: DocEntry): string | null {
  return entry.doc.kind === 'extension' ? entry.doc.baseId : null;
}

export function baseOf(ws: Workspace, entry: DocEntry): DocEntry | undefined {
  const base = baseIdOf(entry);
  return base ? ws.byId.get(base) : undefined;
}
