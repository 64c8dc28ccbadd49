import { PtError } from '../../base/index.js';
import type { Doc } from '../../domain/docs/index.js';
import { type App, findDoc, loadSome, requireWorkspace } from '../kernel/index.js';
import { type ListItem, listItemOf } from './list-item.js';

export interface ShownRequirement {
  id: string | null;
  name: string;
  statement: string;
  role: string;
  line: number;
  dependsOn: string[];
  replaces: string | null;
  scenarios: { name: string; steps: { keyword: string; text: string }[] }[];
}

export interface ShowResult extends ListItem {
  frontmatter: Record<string, unknown>;
  sections: string[];
  requirementList: ShownRequirement[];
  source: string;
}

export function describeRequirements(doc: Doc): ShownRequirement[] {
  return doc.requirements.map((r) => ({
    id: r.localId ? `${doc.id}/${r.localId}` : null,
    name: r.name,
    statement: r.statement,
    role: r.role,
    line: r.line,
    dependsOn: r.dependsOn.map((d) => d.ref),
    replaces: r.replaces ? `${r.replaces.ref}${r.replaces.from ? ` (from ${r.replaces.from})` : ''}` : null,
    scenarios: r.scenarios.map((s) => ({
      name: s.name,
      steps: s.steps.map((x) => ({ keyword: x.keyword, text: x.text })),
    })),
  }));
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** How `trace` and `show` name a requirement: its full ID, or `DOC#Name` when it has none. */
export function requirementRef(docId: string, r: ShownRequirement): string {
  return r.id ?? `${docId}#${r.name}`;
}

/**
 * A document by ID, or one of its requirements: by full ID (SPEC-0001/REQ-002), or by name as
 * `trace` prints it (SPEC-0001#Monitoring) or after a "/" (SPEC-0001/Monitoring), case and spacing
 * aside. A requirement without an ID can only be named.
 */
export function showDoc(app: App, id: string): ShowResult {
  const hash = id.indexOf('#');
  const [docPart, reqPart, ...extra] = hash >= 0 ? [id.slice(0, hash), id.slice(hash + 1)] : id.split('/');
  // Anything after the requirement would otherwise be dropped without a word.
  if (extra.length || reqPart?.trim() === '')
    throw new PtError(
      'usage/bad-id',
      extra.length
        ? `"${id}" has "/${extra.join('/')}" after the requirement ID`
        : `"${id}" names no requirement after the "${hash >= 0 ? '#' : '/'}"`,
      {
        hint: 'Give a document ID (SPEC-0001), a requirement ID (SPEC-0001/REQ-001) or a requirement name (SPEC-0001#Monitoring).',
        exit: 2,
      },
    );
  requireWorkspace(app);
  const set = loadSome(app, [docPart!]);
  const doc = findDoc(app, set, docPart!);
  let reqs = describeRequirements(doc);
  if (reqPart) {
    const byId = reqs.filter((r) => r.id === `${doc.id}/${reqPart.trim().toUpperCase()}`);
    reqs = byId.length ? byId : reqs.filter((r) => fold(r.name) === fold(reqPart));
    if (!reqs.length) {
      throw new PtError('requirement/not-found', `${doc.id} has no requirement ${reqPart}`, {
        hint: `Requirements: ${describeRequirements(doc)
          .map((r) => requirementRef(doc.id, r))
          .join(', ')}`,
        exit: 3,
      });
    }
  }
  return {
    ...listItemOf(doc),
    frontmatter: JSON.parse(JSON.stringify(doc.data)) as Record<string, unknown>,
    sections: doc.sections.map((s) => s.title),
    requirementList: reqs,
    source: doc.source,
  };
}
