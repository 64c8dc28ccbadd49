// Counting and ordering findings. Kept apart from the rule runner so that reporting an OpenSpec
// tree does not load the rules for Papertrail documents.
import { compareFindings, type Finding } from '../findings/index.js';

export interface LintSummary {
  documents: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintResult {
  findings: Finding[];
  summary: LintSummary;
  /** False when there is an error, or a warning under --strict. */
  ok: boolean;
}

export function summarize(findings: Finding[], documents: number, strict: boolean): LintResult {
  const summary: LintSummary = { documents, errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  findings.sort(compareFindings);
  return { findings, summary, ok: summary.errors === 0 && (!strict || summary.warnings === 0) };
}
