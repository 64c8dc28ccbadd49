import { type IdScheme, parseReplaces } from '../docs/index.js';
import { nameKey } from './names.js';
import { suggest } from './suggest.js';
import { baseIdOf, baseOf, type DocEntry, type ReqEntry, type Workspace } from './workspace.js';

/** Either the node a reference lands on, or what the author may have meant. */
export type Resolution = { to: string } | { to: null; candidates: string[] };

const miss = (candidates: string[]): Resolution => ({ to: null, candidates });

function inDoc(entry: DocEntry | undefined, ref: string): ReqEntry | undefined {
  return entry?.byLocal.get(ref) ?? entry?.byName.get(nameKey(ref));
}

type Format = (docId: string, rest: string) => string;

const fromForm: Format = (d, name) => `${name} (from ${d})`;

/** `SPEC-0002/REQ-001` or `SPEC-0002#Name`: a requirement of a named document. */
function splitQualified(ref: string, scheme: IdScheme): { doc: string; rest: string } | null {
  const m = /^([^/#\s]+)\s*[/#]\s*(.+)$/.exec(ref);
  if (!m || !scheme.docId.test(m[1]!)) return null;
  return { doc: m[1]!, rest: m[2]! };
}

function resolveIn(ws: Workspace, docId: string, rest: string, format: Format): Resolution {
  const target = ws.byId.get(docId);
  if (!target) return miss(suggest(docId, ws.byId.keys()).map((d) => format(d, rest)));
  const hit = inDoc(target, rest);
  if (hit) return { to: hit.node.id };
  const pool = target.reqs.flatMap((r) => (r.req.localId ? [r.req.name, r.req.localId] : [r.req.name]));
  return miss(suggest(rest, pool).map((c) => format(docId, c)));
}

/**
 * Resolves one `Depends on` entry written in `from`. Order: qualified ID or `Name (from DOC)`;
 * local ID here, then in the base spec; name here, then in the base spec, then in sibling extensions.
 * Sibling local IDs are skipped on purpose: every extension numbers its own REQ-001.
 */
export function resolveRequirementRef(
  ws: Workspace,
  scheme: IdScheme,
  from: DocEntry,
  ref: string,
): Resolution {
  const q = splitQualified(ref, scheme);
  if (q) return resolveIn(ws, q.doc, q.rest, (d, r) => `${d}/${r}`);
  const named = parseReplaces(ref);
  if (named.from) return resolveIn(ws, named.from, named.name, fromForm);
  const base = baseOf(ws, from);
  const local = from.byLocal.get(ref) ?? base?.byLocal.get(ref);
  if (local) return { to: local.node.id };
  const key = nameKey(ref);
  const hit = from.byName.get(key) ?? base?.byName.get(key) ?? inSiblings(ws, from, key);
  if (hit) return { to: hit.node.id };
  return miss(suggest(ref, scopePool(ws, from, base)));
}

function inSiblings(ws: Workspace, from: DocEntry, key: string): ReqEntry | undefined {
  const baseId = baseIdOf(from);
  const named = baseId ? ws.extensionNames.get(baseId)?.get(key) : undefined;
  return named?.find((r) => r.owner !== from);
}

function scopePool(ws: Workspace, from: DocEntry, base: DocEntry | undefined): string[] {
  const pool: string[] = [];
  for (const e of [from, base]) {
    for (const r of e?.reqs ?? []) {
      pool.push(r.req.name);
      if (r.req.localId) pool.push(r.req.localId);
    }
  }
  const baseId = baseIdOf(from);
  for (const e of baseId ? (ws.extensionsOf.get(baseId) ?? []) : []) {
    if (e !== from) for (const r of e.reqs) pool.push(r.req.name);
  }
  return pool;
}

/** The base requirement an override replaces: by name (or ID) in `(from X)` if given, else the base spec. */
export function resolveOverride(
  ws: Workspace,
  from: DocEntry,
  target: { ref: string; from: string | null },
): Resolution {
  const { ref } = target;
  if (target.from) return resolveIn(ws, target.from, ref, fromForm);
  const base = baseOf(ws, from);
  if (!base) return miss([]);
  const hit = base.byName.get(nameKey(ref)) ?? base.byLocal.get(ref);
  if (hit) return { to: hit.node.id };
  const names = base.reqs.map((r) => r.req.name);
  return miss(suggest(ref, names));
}

/** A document ID written in `from`; a document is never suggested as its own target. */
export function resolveDocRef(ws: Workspace, from: DocEntry, id: string): Resolution {
  const hit = ws.byId.get(id);
  if (hit) return { to: hit.node.id };
  const others = [...ws.byId.keys()].filter((k) => k !== from.doc.id);
  return miss(suggest(id, others));
}
