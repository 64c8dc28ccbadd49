import { BUILTIN_RULES, type BuiltinContext, builtinFindings } from './builtins.js';
import { evaluateRule, ruleApplies } from './evaluate.js';
import type { RuleSet } from './load-rules.js';
import { type GovFinding, ROLES, type Role } from './model.js';
import type { RuleError } from './parse-rule.js';
import type { Runbook } from './runbook.js';

export interface RoleVerdict {
  role: Role;
  /** Rules of this role that applied to the runbook (built-in and the team's). */
  rules: number;
  blocking: number;
  advisory: number;
  approved: boolean;
}

export interface PanelResult {
  findings: GovFinding[];
  roles: RoleVerdict[];
  /** Team rules that applied, and those skipped because their `when` did not hold. */
  applied: string[];
  skipped: string[];
}

const SEV = { blocking: 0, advisory: 1 } as const;

export function compareGov(a: GovFinding, b: GovFinding): number {
  const ra = a.role ? ROLES.indexOf(a.role) : -1;
  const rb = b.role ? ROLES.indexOf(b.role) : -1;
  return (
    ra - rb ||
    SEV[a.severity] - SEV[b.severity] ||
    (a.source === b.source ? 0 : a.source === 'rule' ? -1 : 1) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

export function ruleErrorFinding(e: RuleError): GovFinding {
  return {
    rule: 'governance/rule-invalid',
    role: e.role,
    severity: 'blocking',
    source: 'rule',
    message: e.message,
    file: e.file,
    line: e.line,
    column: e.column,
    hint: e.role
      ? `Fix the rule file; until it parses, @${e.role} cannot approve.`
      : 'Fix the rule file; until it parses, no role can approve (its role is unknown).',
    ruleFile: e.file,
  };
}

/**
 * The deterministic panel: built-in checks, then every team rule that applies, then (advisory only)
 * whatever the AI reviewer said. A broken rule file is a blocking finding of its role, or of every
 * role when its role cannot be read: the rest of the rules still run, but nobody approves blind.
 */
export function runPanel(
  rb: Runbook,
  rules: RuleSet,
  ctx: BuiltinContext,
  ai: GovFinding[] = [],
): PanelResult {
  const findings: GovFinding[] = [...builtinFindings(rb, ctx)];
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const rule of rules.rules) {
    if (!rule.appliesTo.includes('runbook')) continue;
    if (!ruleApplies(rule, rb.target)) {
      skipped.push(rule.id);
      continue;
    }
    applied.push(rule.id);
    findings.push(...evaluateRule(rule, rb.target));
  }
  findings.push(...rules.errors.map(ruleErrorFinding));
  findings.push(...ai.map((f) => ({ ...f, severity: 'advisory' as const, source: 'ai' as const })));
  findings.sort(compareGov);
  const unknownRoleBroken = rules.errors.some((e) => e.role === null);
  const roles = ROLES.map((role) => {
    const mine = findings.filter((f) => f.role === role);
    const blocking = mine.filter((f) => f.severity === 'blocking').length;
    return {
      role,
      rules:
        BUILTIN_RULES.filter((b) => b.role === role).length +
        rules.rules.filter((r) => r.role === role && applied.includes(r.id)).length,
      blocking,
      advisory: mine.length - blocking,
      approved: blocking === 0 && !unknownRoleBroken,
    };
  });
  return { findings, roles, applied, skipped };
}
