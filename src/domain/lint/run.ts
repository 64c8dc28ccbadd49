import { type Doc, type DocSet, indexById } from '../docs/index.js';
import type { Finding } from '../findings/index.js';
import {
  frontmatterRules,
  idRules,
  linkRules,
  type Rule,
  type RuleContext,
  referenceRules,
  requirementRules,
  statusRules,
  structureRules,
} from './rules/index.js';

export { type LintResult, type LintSummary, summarize } from './summary.js';

export const RULES: Rule[] = [
  frontmatterRules,
  structureRules,
  idRules,
  requirementRules,
  referenceRules,
  linkRules,
  statusRules,
];

/** Runs every rule over the whole set; `only` limits the report to some files (references still resolve against all). */
export function lintDocs(set: DocSet, opts: { strict?: boolean; only?: Set<string> } = {}): Finding[] {
  const byId = indexById(set.docs);
  const findings: Finding[] = [...set.problems];
  const ctx: RuleContext = {
    set,
    byId,
    get: (id: string): Doc | undefined => byId.get(id)?.[0],
    report: (f) => findings.push(f),
  };
  for (const rule of RULES) rule(ctx);
  return opts.only ? findings.filter((f) => opts.only!.has(f.file)) : findings;
}
