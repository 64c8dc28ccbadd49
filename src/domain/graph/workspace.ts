import type { LinkedDoc, RequirementSummary } from '../docs/index.js';
import type { DuplicateId, GraphNode } from './model.js';
import { nameKey } from './names.js';
import { compareStrings } from './order.js';

export interface ReqEntry {
  req: RequirementSummary;
  node: GraphNode;
  owner: DocEntry;
}

export interface DocEntry {
  doc: LinkedDoc;
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

/** Hands out node IDs; a second claim on an ID gets `~2`, `~3`… and is remembered as a duplicate. */
class NodeIds {
  private readonly taken = new Map<string, GraphNode>();
  private readonly contested = new Map<string, GraphNode[]>();

  add(wanted: string, make: (id: string) => GraphNode): GraphNode {
    const first = this.taken.get(wanted);
    if (!first) {
      const node = make(wanted);
      this.taken.set(wanted, node);
      return node;
    }
    let n = 2;
    while (this.taken.has(`${wanted}~${n}`)) n++;
    const node = make(`${wanted}~${n}`);
    this.taken.set(node.id, node);
    const all = this.contested.get(wanted) ?? [first];
    all.push(node);
    this.contested.set(wanted, all);
    return node;
  }

  duplicates(): DuplicateId[] {
    return [...this.contested]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([id, nodes]) => ({
        id,
        kind: nodes[0]!.kind,
        occurrences: nodes.map((n) => ({ node: n.id, file: n.file, line: n.line, column: n.column })),
      }));
  }
}

// Which file keeps a contested ID must not depend on directory listing order: the one whose
// file name carries the ID wins over one that only claims it in frontmatter, then path order.
function compareDocs(a: LinkedDoc, b: LinkedDoc): number {
  return (
    compareStrings(a.id, b.id) ||
    Number(a.fileId !== a.id) - Number(b.fileId !== b.id) ||
    compareStrings(a.file, b.file)
  );
}

function docNode(doc: LinkedDoc, id: string): GraphNode {
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

function requirementNode(req: RequirementSummary, id: string, owner: GraphNode): GraphNode {
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

export function buildWorkspace(docs: readonly LinkedDoc[]): Workspace {
  const ids = new NodeIds();
  const entries: DocEntry[] = [];
  const byId = new Map<string, DocEntry>();
  const extensionsOf = new Map<string, DocEntry[]>();
  const extensionNames = new Map<string, Map<string, ReqEntry[]>>();
  for (const doc of [...docs].sort(compareDocs)) {
    const node = ids.add(doc.id, (id) => docNode(doc, id));
    const entry: DocEntry = { doc, node, reqs: [], byLocal: new Map(), byName: new Map() };
    for (const req of doc.requirements) {
      const wanted = req.localId ? `${node.id}/${req.localId}` : `${node.id}#${req.name}`;
      const r: ReqEntry = {
        req,
        node: ids.add(wanted, (id) => requirementNode(req, id, node)),
        owner: entry,
      };
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
