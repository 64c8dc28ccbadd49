import { PtError } from '../../base/index.js';
import type { Doc } from '../../domain/docs/index.js';
import { type App, findDoc, loadAll, requireWorkspace } from './context.js';
import { type ListItem, toListItem } from './list.js';

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

/** A document by ID, or one requirement by full ID (SPEC-0001/REQ-002). */
export function showDoc(app: App, id: string): ShowResult {
  const [docPart, reqPart, ...extra] = id.split('/');
  // Anything after the requirement would otherwise be dropped without a word.
  if (extra.length || reqPart === '')
    throw new PtError(
      'usage/bad-id',
      extra.length
        ? `"${id}" has "/${extra.join('/')}" after the requirement ID`
        : `"${id}" names no requirement after the "/"`,
      {
        hint: 'Give a document ID (SPEC-0001) or a requirement ID (SPEC-0001/REQ-001).',
        exit: 2,
      },
    );
  requireWorkspace(app);
  const set = loadAll(app);
  const doc = findDoc(app, set, docPart!);
  let reqs = describeRequirements(doc);
  if (reqPart) {
    reqs = reqs.filter((r) => r.id === `${doc.id}/${reqPart.toUpperCase()}`);
    if (!reqs.length) {
      throw new PtError('requirement/not-found', `${doc.id} has no requirement ${reqPart}`, {
        hint: `Requirements: ${describeRequirements(doc)
          .map((r) => r.id ?? r.name)
          .join(', ')}`,
        exit: 3,
      });
    }
  }
  return {
    ...toListItem(doc),
    frontmatter: JSON.parse(JSON.stringify(doc.data)) as Record<string, unknown>,
    sections: doc.sections.map((s) => s.title),
    requirementList: reqs,
    source: doc.source,
  };
}
