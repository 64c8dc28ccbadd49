import { findSecrets } from '../../base/index.js';
import type { Check, GovFinding, Rule, Scope, Target } from './model.js';
import { matchesGlob } from './pattern.js';
import { findSection } from './target.js';

interface Span {
  /** Line indices [from, to) of the target. */
  from: number;
  to: number;
  /** What the span is, for messages: "the runbook", "section Rollback Plan", "change infra/x.tf". */
  label: string;
}

const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;
// Steps are list items and "### Step N:" headings; a section title is not a step.
const STEP_HEADING = /^#{2,6}\s+Step\b[^:]*:?\s*/i;
/** Lines `runbook new` writes for the team to fill in; they do not count as content. */
export const PLACEHOLDER = /^\s*(?:[-*+]\s+)?(?:_Not stated by the story or the spec:|TODO\(@?\w+\))/;

function visible(t: Target, s: Span): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  for (let i = s.from; i < s.to; i++) if (!t.hidden.has(i)) out.push({ index: i, text: t.lines[i]! });
  return out;
}

/** Every line of a span, hidden ones included: a secret is a leak wherever it sits. */
function everyLine(t: Target, s: Span): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  for (let i = s.from; i < s.to; i++) out.push({ index: i, text: t.lines[i]! });
  return out;
}

/** Spans a check looks at; null when its section does not exist (or is hidden, unless `hidden`). */
function spans(t: Target, scope: Scope, hidden = false): Span[] | null {
  if (scope.kind === 'document') return [{ from: 0, to: t.lines.length, label: `the ${t.kind}` }];
  if (scope.kind === 'each-change')
    return t.changes.map((c) => ({ from: c.start, to: c.end, label: `change ${c.action} ${c.path}` }));
  const sec = findSection(t, scope.name);
  if (!sec || (t.hidden.has(sec.start) && !hidden)) return null;
  return [{ from: sec.start, to: sec.end, label: `section "${sec.title}"` }];
}

/** Whether a rule's `when` holds for the target (rules without one always apply). */
export function ruleApplies(rule: Rule, t: Target): boolean {
  if (!rule.appliesTo.includes(t.kind)) return false;
  if (!rule.when) return true;
  if (rule.when.paths.length && !t.paths.some((p) => rule.when!.paths.some((g) => matchesGlob(p, g))))
    return false;
  if (rule.when.text) {
    const text = visible(t, { from: 0, to: t.lines.length, label: '' })
      .map((l) => l.text)
      .join('\n');
    if (!rule.when.text.re.test(text)) return false;
  }
  return true;
}

function finding(
  rule: Rule,
  t: Target,
  check: Check,
  message: string,
  index: number,
  column = 1,
): GovFinding {
  return {
    rule: rule.id,
    role: rule.role,
    severity: rule.severity,
    source: 'rule',
    message: check.message ? `${check.message} (${message})` : message,
    file: t.file,
    line: index + 1,
    column,
    ruleFile: rule.file,
    hint: `${rule.title} — see ${rule.file}`,
  };
}

function runCheck(rule: Rule, t: Target, check: Check): GovFinding[] {
  if (check.kind === 'section') {
    const sec = findSection(t, check.name);
    if (!sec || t.hidden.has(sec.start))
      return [finding(rule, t, check, `section "${check.name}" is missing`, 0)];
    const body = visible(t, { from: sec.start + 1, to: sec.end, label: '' }).filter(
      (l) => l.text.trim() !== '' && !/^#{1,6}\s/.test(l.text) && !PLACEHOLDER.test(l.text),
    );
    return body.length ? [] : [finding(rule, t, check, `section "${sec.title}" is empty`, sec.start)];
  }
  const where = spans(t, check.scope, check.kind === 'no-secrets');
  if (check.kind === 'no-secrets' || check.kind === 'absent') {
    const out: GovFinding[] = [];
    for (const s of where ?? []) {
      const lines = check.kind === 'no-secrets' ? everyLine(t, s) : visible(t, s);
      for (const l of lines) {
        if (check.kind === 'no-secrets') {
          for (const hit of findSecrets(l.text))
            out.push(
              finding(
                rule,
                t,
                check,
                `secret-looking string (${hit.name}) in ${s.label}`,
                l.index,
                hit.column,
              ),
            );
        } else {
          const m = check.re.exec(l.text);
          if (m)
            out.push(
              finding(
                rule,
                t,
                check,
                `${s.label} contains "${m[0]}" (must not match ${check.source})`,
                l.index,
                m.index + 1,
              ),
            );
        }
      }
      if (check.kind === 'absent' && !out.length && check.re.test(lines.map((l) => l.text).join('\n')))
        out.push(finding(rule, t, check, `${s.label} matches ${check.source}, which it must not`, s.from));
    }
    return out;
  }
  if (!where) {
    const name = check.scope.kind === 'section' ? check.scope.name : '';
    return [finding(rule, t, check, `section "${name}" is missing (needed for ${check.source})`, 0)];
  }
  const out: GovFinding[] = [];
  for (const s of where) {
    const lines = visible(t, s);
    const ok =
      check.kind === 'pattern'
        ? check.re.test(lines.map((l) => l.text).join('\n'))
        : lines.some(
            (l) =>
              (LIST_ITEM.test(l.text) || STEP_HEADING.test(l.text)) &&
              check.re.test(l.text.replace(LIST_ITEM, '').replace(STEP_HEADING, '')),
          );
    if (!ok)
      out.push(
        finding(
          rule,
          t,
          check,
          check.kind === 'pattern'
            ? `${s.label} has nothing matching ${check.source}`
            : `${s.label} has no step matching ${check.source}`,
          s.from,
        ),
      );
  }
  return out;
}

/** Every finding of one rule on one target (empty when the rule does not apply or passes). */
export function evaluateRule(rule: Rule, t: Target): GovFinding[] {
  if (!ruleApplies(rule, t)) return [];
  return rule.require.flatMap((c) => runCheck(rule, t, c));
}
