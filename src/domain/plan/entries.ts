// The requirements a plan is made of: the spec's and its extensions', each with its key, every
// override matched to the base requirement it replaces, and each requirement's blockers resolved.
import { PtError } from '../../base/index.js';
import type { Doc, Requirement } from '../docs/index.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const keyOf = (doc: Doc, r: Requirement) => (r.localId ? `${doc.id}/${r.localId}` : `${doc.id}#${r.name}`);

export type Entry = { doc: Doc; req: Requirement; key: string };

/** Every requirement of a spec and its extensions, looked up by key and by name. */
export interface Entries {
  /** In plan order: the spec's requirements, then each extension's (by ID). */
  list: Entry[];
  byKey: Map<string, Entry>;
  /** By normalised name; overrides are not listed (they take their base requirement's name). */
  byName: Map<string, Entry>;
  /** The override that replaces each base requirement, by the base requirement's key. */
  replacedBy: Map<string, Entry>;
}

/** Gathers the requirements and matches each override to the base requirement it replaces. */
export function collectEntries(spec: Doc, extensions: Doc[]): Entries {
  const all: Entries = { list: [], byKey: new Map(), byName: new Map(), replacedBy: new Map() };
  const add = (doc: Doc, req: Requirement) => {
    const e = { doc, req, key: keyOf(doc, req) };
    all.list.push(e);
    all.byKey.set(e.key, e);
    if (req.role !== 'override') all.byName.set(norm(req.name), e);
    return e;
  };
  for (const r of spec.requirements) add(spec, r);
  for (const ext of [...extensions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const r of ext.requirements) {
      const e = add(ext, r);
      if (r.role === 'override' && r.replaces) {
        const base = all.byName.get(norm(r.replaces.ref));
        if (!base) {
          throw new PtError(
            'override/target-missing',
            `${ext.id} overrides "${r.replaces.ref}", which ${spec.id} does not have`,
            {
              hint: `Name a requirement of ${spec.id} exactly (papertrail show ${spec.id} lists them), or add it as a new requirement.`,
              exit: 1,
              location: { file: ext.file, line: r.line, column: r.column },
            },
          );
        }
        all.replacedBy.set(base.key, e);
      }
    }
  }
  return all;
}

/**
 * What blocks each requirement: its `Depends on` references resolved to requirements of this plan
 * (a replaced requirement stands for its replacement), and for an override, what its base requirement
 * depended on.
 */
export function dependencies(spec: Doc, all: Entries): (e: Entry) => Entry[] {
  const resolve = (from: Entry, ref: string): Entry => {
    const direct =
      all.byKey.get(ref) ??
      all.byKey.get(`${from.doc.id}/${ref}`) ??
      all.byKey.get(`${spec.id}/${ref}`) ??
      all.byName.get(norm(ref.replace(/\s*\((?:from|in)\s+\S+\)\s*$/i, '')));
    if (!direct) {
      throw new PtError(
        'ref/broken',
        `"${from.req.name}" depends on "${ref}", which is not a requirement of ${spec.id} or its extensions`,
        {
          hint: 'Name a requirement of this spec or its extensions; a requirement of another spec cannot block an issue here.',
          exit: 1,
          location: { file: from.doc.file, line: from.req.line, column: from.req.column },
        },
      );
    }
    return all.replacedBy.get(direct.key) ?? direct;
  };
  return (e) => {
    const out = new Map<string, Entry>();
    for (const d of e.req.dependsOn) {
      const t = resolve(e, d.ref);
      if (t.key !== e.key) out.set(t.key, t);
    }
    // An override keeps the dependencies of what it replaces.
    for (const [baseKey, over] of all.replacedBy) {
      if (over.key !== e.key) continue;
      for (const d of all.byKey.get(baseKey)!.req.dependsOn) {
        const t = resolve(all.byKey.get(baseKey)!, d.ref);
        if (t.key !== e.key) out.set(t.key, t);
      }
    }
    return [...out.values()];
  };
}
