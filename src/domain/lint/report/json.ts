import type { Finding } from '../../findings/index.js';
import type { LintSummary } from '../summary.js';

export function formatJson(findings: Finding[], summary: LintSummary, ok: boolean): string {
  return `${JSON.stringify({ version: 1, ok, summary, findings }, null, 2)}\n`;
}
