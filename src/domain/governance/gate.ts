import type { Article, Constitution } from './constitution.js';
import { evaluateRule, ruleApplies } from './evaluate.js';
import type { RuleSet } from './load-rules.js';
import type { GovFinding, Rule, Target } from './model.js';

export type GateStatus = 'PASS' | 'VIOLATION' | 'NOT CHECKED';

export interface GateRow {
  article: string;
  title: string;
  status: GateStatus;
  reason: string;
  findings: GovFinding[];
  /** Documents the article's checks applied to. */
  checked: number;
}

export interface GateResult {
  constitution: { file: string; title: string; version: string | null };
  rows: GateRow[];
  warnings: string[];
  violations: number;
  documents: number;
}

const at = (f: GovFinding) => `${f.file}:${f.line}`;

function gateRow(a: Article, rules: RuleSet, targets: Target[]): GateRow {
  const row = { article: a.number, title: a.title, findings: [] as GovFinding[], checked: 0 };
  const problems: string[] = a.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
  const checks: Rule[] = [...a.rules];
  for (const ref of a.enforcedBy) {
    const r = rules.rules.find((x) => x.id === ref.id);
    const broken = rules.errors.find((e) => e.message.includes(`"${ref.id}"`));
    if (r) checks.push(r);
    else
      problems.push(
        broken
          ? `${broken.file}:${broken.line}:${broken.column}: ${broken.message}`
          : `rule ${ref.id} (Enforced by, line ${ref.line}) does not exist`,
      );
  }
  if (!checks.length && !problems.length)
    return {
      ...row,
      status: 'NOT CHECKED',
      reason: 'prose only: add "**Enforced by:** RULE-ID" or a ```papertrail check block',
    };
  const seen = new Set<string>();
  for (const t of targets)
    for (const rule of checks) {
      if (!ruleApplies(rule, t)) continue;
      seen.add(t.file);
      row.findings.push(...evaluateRule(rule, t));
    }
  row.checked = seen.size;
  const blocking = row.findings.filter((f) => f.severity === 'blocking');
  if (problems.length)
    return { ...row, status: 'VIOLATION', reason: `the article's check cannot run: ${problems[0]}` };
  if (blocking.length) {
    const first = blocking[0]!;
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : '';
    return { ...row, status: 'VIOLATION', reason: `${at(first)}: ${first.message}${more}` };
  }
  const advisory = row.findings.length;
  return {
    ...row,
    status: 'PASS',
    reason: row.checked
      ? `${row.checked} document${row.checked === 1 ? '' : 's'} checked${advisory ? `; ${advisory} advisory finding(s)` : ''}`
      : 'no document it applies to',
  };
}

/** Runs every article against the specs, plans, runbooks and stories of the workspace. */
export function checkConstitution(c: Constitution, rules: RuleSet, targets: Target[]): GateResult {
  const rows = c.articles.map((a) => gateRow(a, rules, targets));
  for (const e of c.errors)
    rows.push({
      article: '-',
      title: 'Constitution',
      status: 'VIOLATION',
      reason: `${e.file}:${e.line}: ${e.message}`,
      findings: [],
      checked: 0,
    });
  return {
    constitution: { file: c.file, title: c.title, version: c.version },
    rows,
    warnings: c.warnings.map((w) => `${c.file}:${w.line}: ${w.message}`),
    violations: rows.filter((r) => r.status === 'VIOLATION').length,
    documents: targets.length,
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** The gate table `check` prints: article, gate, PASS or VIOLATION, and why. */
export function renderGateTable(g: GateResult): string {
  const v = g.constitution.version ? ` v${g.constitution.version}` : '';
  const out = [
    `## Constitution Check: ${g.constitution.title}${v} (${g.constitution.file})`,
    '',
    '| Article | Gate | Status | Reason |',
    '|---------|------|--------|--------|',
    ...g.rows.map((r) => `| ${cell(r.article)} | ${cell(r.title)} | ${r.status} | ${cell(r.reason)} |`),
    '',
    g.violations
      ? `Gate: FAIL — ${g.violations} violation${g.violations === 1 ? '' : 's'} (${g.rows
          .filter((r) => r.status === 'VIOLATION')
          .map((r) => (r.article === '-' ? r.title : `Article ${r.article}`))
          .join(', ')}) across ${g.documents} document${g.documents === 1 ? '' : 's'}.`
      : `Gate: PASS — ${g.documents} document${g.documents === 1 ? '' : 's'} checked.`,
  ];
  return `${out.join('\n')}\n`;
}
