// Running the rules. A rule reads either one parsed document (what it finds stays true while the
// file is unchanged, so it can be kept per file) or every document's summary (IDs, statuses,
// references, requirements, links: the rules across documents, cheap enough to run every time).
import { type Doc, type DocSet, type DocSummary, type IdScheme, summarizeDoc } from '../docs/index.js';
import type { Finding } from '../findings/index.js';
import {
  type CrossRuleContext,
  frontmatterRules,
  idRules,
  linkRules,
  referenceRules,
  requirementRules,
  statusAcrossRules,
  statusRules,
  structureRules,
} from './rules/index.js';

export { type LintResult, type LintSummary, summarize } from './summary.js';
export { acrossRulesTouched } from './touched.js';

const DOC_RULES = [frontmatterRules, structureRules, requirementRules, statusRules];
const CROSS_RULES = [idRules, referenceRules, linkRules, statusAcrossRules];

/** What the rules about one document find in it: one list per rule. */
export type OwnFindings = Finding[][];

export function lintDoc(doc: Doc, scheme: IdScheme): OwnFindings {
  return DOC_RULES.map((rule) => {
    const found: Finding[] = [];
    rule(doc, { scheme, report: (f) => found.push(f) });
    return found;
  });
}

export interface AcrossInput {
  docs: readonly DocSummary[];
  scheme: IdScheme;
  docsRoot: string;
  /** Files named like documents that could not be read (absolute paths). */
  unreadable: Iterable<string>;
  /** Runs only the rules flagged (acrossRulesTouched); the others find nothing. */
  only?: readonly boolean[];
}

/** What the rules across documents find in the summaries: one list per rule. */
export function lintAcross(input: AcrossInput): Finding[][] {
  const byId = new Map<string, DocSummary[]>();
  for (const d of input.docs) {
    const list = byId.get(d.id);
    if (list) list.push(d);
    else byId.set(d.id, [d]);
  }
  return CROSS_RULES.map((rule, k) => {
    const found: Finding[] = [];
    if (input.only && !input.only[k]) return found;
    const ctx: CrossRuleContext = {
      docs: input.docs,
      scheme: input.scheme,
      docsRoot: input.docsRoot,
      unreadable: new Set(input.unreadable),
      byId,
      get: (id) => byId.get(id)?.[0],
      report: (f) => found.push(f),
    };
    rule(ctx);
    return found;
  });
}

/**
 * Both kinds of findings in the order the rules have always reported them (front matter, structure,
 * IDs, requirements, references, links, status), which is the order a refused write names its first
 * error by. Within status, the cross-document findings come first: the one error among them
 * (implementing a rejected proposal) was always reported before the document's own.
 */
export function inRuleOrder(own: readonly OwnFindings[], across: readonly Finding[][]): Finding[] {
  const mine = (k: number) => own.flatMap((o) => o[k] ?? []);
  return [
    ...mine(0),
    ...mine(1),
    ...(across[0] ?? []),
    ...mine(2),
    ...(across[1] ?? []),
    ...(across[2] ?? []),
    ...(across[3] ?? []),
    ...mine(3),
  ];
}

/** Runs every rule over the whole set; `only` limits the report to some files (references still resolve against all). */
export function lintDocs(set: DocSet, opts: { strict?: boolean; only?: Set<string> } = {}): Finding[] {
  const { only } = opts;
  const own = set.docs.map((d) => (only && !only.has(d.file) ? [] : lintDoc(d, set.scheme)));
  const across = lintAcross({
    docs: set.docs.map((d) => summarizeDoc(d, set.docsRoot, set.scheme)),
    scheme: set.scheme,
    docsRoot: set.docsRoot,
    unreadable: (set.unreadable ?? []).map((u) => u.path),
  });
  const findings = [...set.problems, ...inRuleOrder(own, across)];
  return only ? findings.filter((f) => only.has(f.file)) : findings;
}
