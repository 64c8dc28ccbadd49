import type { Severity } from './finding.js';

/** What a report says about a rule code: its default level, a one-line summary and the usual fix. */
export interface RuleInfo {
  severity: Severity;
  summary: string;
  help: string;
}
