import type { Finding, RuleInfo } from '../findings/index.js';
import { BUILTIN_RULES } from './builtins.js';
import type { GovFinding, Rule } from './model.js';

/** Panel findings in the lint vocabulary, so the SARIF and JSON reporters serve both. */
export function toLintFindings(findings: GovFinding[]): Finding[] {
  return findings.map((f) => ({
    code: f.rule,
    severity: f.severity === 'blocking' ? 'error' : f.source === 'ai' ? 'info' : 'warning',
    message: `${f.role ? `@${f.role}: ` : ''}${f.message}`,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.hint ? { hint: f.hint } : {}),
  }));
}

/** Rule descriptions for SARIF's driver: built-ins, the team's rules, the AI reviewer and broken files. */
export function describeGovRule(rules: Rule[]): (code: string) => RuleInfo {
  return (code) => {
    const b = BUILTIN_RULES.find((r) => r.id === code);
    if (b)
      return { severity: 'error', summary: b.title, help: `Built-in @${b.role} check of the runbook panel.` };
    const r = rules.find((x) => x.id === code);
    if (r)
      return {
        severity: r.severity === 'blocking' ? 'error' : 'warning',
        summary: r.title,
        help: `@${r.role} rule in ${r.file}.`,
      };
    if (code.startsWith('AI-'))
      return {
        severity: 'info',
        summary: `AI reviewer (${code.slice(3).toLowerCase()})`,
        help: 'Advisory only.',
      };
    return { severity: 'error', summary: 'Governance rule file does not parse', help: 'Fix the rule file.' };
  };
}
