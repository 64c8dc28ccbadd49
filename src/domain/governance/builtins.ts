import { findSecrets } from '../../base/index.js';
import { PLACEHOLDER } from './evaluate.js';
import type { GovFinding, Role } from './model.js';
import type { Runbook } from './runbook.js';
import type { Story } from './story.js';
import { findSection, normTitle } from './target.js';

export interface BuiltinRule {
  id: string;
  role: Role;
  title: string;
}

/** Papertrail's own panel checks: what every runbook must satisfy, whatever the team's rules say. */
export const BUILTIN_RULES: BuiltinRule[] = [
  {
    id: 'PT-ARCH-001',
    role: 'Architect',
    title: 'Proposed Changes names at least one [MODIFY], [NEW] or [DELETE] file',
  },
  { id: 'PT-ARCH-002', role: 'Architect', title: 'Files to modify or delete exist; files to create do not' },
  {
    id: 'PT-QA-001',
    role: 'QA',
    title: 'The Verification Plan checks every acceptance scenario of the story',
  },
  { id: 'PT-DOCS-001', role: 'Docs', title: 'The Goal Description says what changes' },
  { id: 'PT-SEC-001', role: 'Security', title: 'No secret-looking string in the runbook' },
];

export const BUILTIN_FILE = '(built-in)';

export interface BuiltinContext {
  /** The story as it is now; null with `storyProblem` when it cannot be found any more. */
  story: Story | null;
  storyProblem?: string;
  exists: (path: string) => boolean;
}

export function builtinFindings(rb: Runbook, ctx: BuiltinContext): GovFinding[] {
  const t = rb.target;
  const out: GovFinding[] = [];
  const add = (id: string, severity: GovFinding['severity'], message: string, index: number, column = 1) => {
    const r = BUILTIN_RULES.find((b) => b.id === id)!;
    out.push({
      rule: id,
      role: r.role,
      severity,
      source: 'rule',
      message,
      file: rb.file,
      line: index + 1,
      column,
      hint: r.title,
      ruleFile: BUILTIN_FILE,
    });
  };
  const pc = findSection(t, 'Proposed Changes');
  if (!t.changes.length)
    add('PT-ARCH-001', 'blocking', 'Proposed Changes lists no file to change', pc?.start ?? 0);
  for (const c of t.changes) {
    if (!c.path || c.path === 'path' || /[<>]|TODO/i.test(c.path))
      add('PT-ARCH-001', 'blocking', `[${c.action}] has no concrete path ("${c.path}")`, c.start, c.column);
    else if (c.action !== 'NEW' && !ctx.exists(c.path))
      add(
        'PT-ARCH-002',
        'blocking',
        `[${c.action}] ${c.path} does not exist in the repository`,
        c.start,
        c.column,
      );
    else if (c.action === 'NEW' && ctx.exists(c.path))
      add(
        'PT-ARCH-002',
        'advisory',
        `[NEW] ${c.path} already exists (did you mean [MODIFY]?)`,
        c.start,
        c.column,
      );
  }

  const vp = findSection(t, 'Verification Plan');
  if (ctx.story === null) {
    add('PT-QA-001', 'blocking', ctx.storyProblem ?? `the story ${rb.id} cannot be found`, 0);
  } else if (!vp) {
    add('PT-QA-001', 'blocking', 'the runbook has no "## Verification Plan" section', 0);
  } else {
    const text = normTitle(t.lines.slice(vp.start + 1, vp.end).join('\n'));
    for (const s of ctx.story.scenarios)
      if (!text.includes(normTitle(s.name)))
        add(
          'PT-QA-001',
          'blocking',
          `the Verification Plan does not check the scenario "${s.name}"`,
          vp.start,
        );
  }

  const goal = findSection(t, 'Goal Description');
  const said = goal
    ? t.lines.slice(goal.start + 1, goal.end).filter((l) => l.trim() && !PLACEHOLDER.test(l) && !/^#/.test(l))
    : [];
  if (!said.length)
    add('PT-DOCS-001', 'blocking', 'the Goal Description is missing or empty', goal?.start ?? 0);

  // Every line, the panel's own sections included: a token pasted into Acceptance or Panel Findings
  // leaks as surely as one in the plan.
  t.lines.forEach((text, index) => {
    for (const hit of findSecrets(text))
      add('PT-SEC-001', 'blocking', `secret-looking string (${hit.name})`, index, hit.column);
  });
  return out;
}
