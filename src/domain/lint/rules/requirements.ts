import type { Doc, Requirement, Scenario } from '../../docs/index.js';
import { type DocRuleContext, finding } from './context.js';

const NORMATIVE = /\b(SHALL|MUST)\b/;
// Whitespace a name's key would change: a run of two, or one other than a space.
const UNUSUAL_SPACE = /\s\s|[^\S ]/;
/** A name as duplicates are compared: trimmed, in lower case, each run of whitespace one space. */
const key = (s: string) => {
  const k = s.trim().toLowerCase();
  // Most names have single spaces only, and the replacement would copy them for nothing.
  return UNUSUAL_SPACE.test(k) ? k.replace(/\s+/g, ' ') : k;
};

export function requirementRules(doc: Doc, ctx: DocRuleContext): void {
  const reqPattern = ctx.scheme.requirementLocal;
  if (doc.kind !== 'spec' && doc.kind !== 'extension') return;
  if (doc.requirements.length === 0) {
    ctx.report(
      finding(
        'requirement/none',
        'error',
        doc,
        doc.titlePos,
        `${doc.kind === 'spec' ? 'Spec' : 'Extension'} has no requirements`,
        'Add "### Requirement: Name" blocks (papertrail requirement add).',
      ),
    );
  }
  const names = new Map<string, Requirement>();
  const ids = new Map<string, Requirement>();
  for (const r of doc.requirements) {
    checkRequirement(ctx, doc, r);
    const k = key(r.name);
    const prev = names.get(k);
    if (prev) {
      ctx.report({
        ...finding(
          'requirement/duplicate-name',
          'error',
          doc,
          r,
          `Requirement "${r.name}" is declared twice (first on line ${prev.line})`,
          'Requirement names must be unique within a document; rename or merge one of them.',
        ),
        related: [{ file: doc.file, line: prev.line, column: prev.column, message: 'first declaration' }],
      });
    } else names.set(k, r);
    if (!r.localId) {
      ctx.report(
        finding(
          'requirement/missing-id',
          'warning',
          doc,
          r,
          `Requirement "${r.name}" has no stable ID`,
          'Run "papertrail renumber" to write "**ID:** REQ-NNN" under each requirement.',
        ),
      );
    } else if (!reqPattern.test(r.localId)) {
      ctx.report(
        finding(
          'requirement/bad-id',
          'error',
          doc,
          r.idPos,
          `Requirement ID "${r.localId}" does not match ${ctx.scheme.prefixes.requirement}-NNN`,
          `Write the ID as ${ctx.scheme.prefixes.requirement}-001 style, or remove it and run "papertrail renumber".`,
        ),
      );
    } else {
      const other = ids.get(r.localId);
      if (other) {
        ctx.report(
          finding(
            'requirement/duplicate-id',
            'error',
            doc,
            r.idPos,
            `Requirement ID ${r.localId} is used by "${other.name}" and "${r.name}"`,
            'Run "papertrail renumber" to give the later requirement a fresh ID.',
          ),
        );
      } else ids.set(r.localId, r);
    }
  }
}

function checkRequirement(ctx: DocRuleContext, doc: Doc, r: Requirement): void {
  if (!r.name) {
    ctx.report(
      finding(
        'requirement/no-name',
        'error',
        doc,
        r,
        'Requirement heading has no name',
        'Write "### Requirement: Name".',
      ),
    );
  }
  if (!r.statement) {
    ctx.report(
      finding(
        'requirement/no-statement',
        'error',
        doc,
        r,
        `Requirement "${r.name}" has no statement`,
        'Write one sentence right after the heading, e.g. "The system SHALL …".',
      ),
    );
  } else if (!NORMATIVE.test(r.statement)) {
    ctx.report(
      finding(
        'requirement/no-shall',
        'error',
        doc,
        r.statementPos,
        `Requirement "${r.name}" must state SHALL or MUST`,
        'Rewrite the statement with SHALL or MUST (upper case), e.g. "The system SHALL …".',
      ),
    );
  }
  if (r.scenarios.length === 0) {
    ctx.report(
      finding(
        'requirement/no-scenario',
        'error',
        doc,
        r,
        `Requirement "${r.name}" has no scenario`,
        'Add "#### Scenario: Name" with GIVEN / WHEN / THEN lines.',
      ),
    );
  }
  if (doc.kind === 'extension' && r.role === 'override' && !r.replaces) {
    ctx.report(
      finding(
        'extension/override-without-target',
        'error',
        doc,
        r,
        `Overridden requirement "${r.name}" does not say what it replaces`,
        'Add "**Replaces:** Name (from SPEC-NNNN)" or use "### Overrides: Name".',
      ),
    );
  }
  const seen = new Map<string, Scenario>();
  for (const s of r.scenarios) {
    checkScenario(ctx, doc, r, s);
    const k = key(s.name);
    if (seen.has(k))
      ctx.report(
        finding(
          'scenario/duplicate-name',
          'warning',
          doc,
          s,
          `Scenario "${s.name}" appears twice in "${r.name}"`,
          'Give each scenario a distinct name.',
        ),
      );
    seen.set(k, s);
  }
}

const ORDER = { GIVEN: 0, WHEN: 1, THEN: 2 } as const;

function checkScenario(ctx: DocRuleContext, doc: Doc, r: Requirement, s: Scenario): void {
  if (!s.name)
    ctx.report(
      finding(
        'scenario/no-name',
        'error',
        doc,
        s,
        `A scenario of "${r.name}" has no name`,
        'Write "#### Scenario: Name".',
      ),
    );
  if (s.steps.length === 0) {
    ctx.report(
      finding(
        'scenario/no-steps',
        'error',
        doc,
        s,
        `Scenario "${s.name}" has no GIVEN/WHEN/THEN lines`,
        'Write "- **GIVEN** …", "- **WHEN** …", "- **THEN** …" lines.',
      ),
    );
    return;
  }
  let hasGiven = false;
  let hasWhen = false;
  let hasThen = false;
  for (const x of s.steps) {
    if (x.keyword === 'GIVEN') hasGiven = true;
    else if (x.keyword === 'WHEN') hasWhen = true;
    else if (x.keyword === 'THEN') hasThen = true;
  }
  for (const kw of ['WHEN', 'THEN'] as const) {
    if (!(kw === 'WHEN' ? hasWhen : hasThen))
      ctx.report(
        finding(
          'scenario/missing-step',
          'error',
          doc,
          s,
          `Scenario "${s.name}" has no ${kw} line`,
          `Add a "- **${kw}** …" line.`,
        ),
      );
  }
  if (!hasGiven)
    ctx.report(
      finding(
        'scenario/missing-given',
        'warning',
        doc,
        s,
        `Scenario "${s.name}" has no GIVEN line`,
        'State the starting situation with "- **GIVEN** …".',
      ),
    );
  let last = -1;
  let reported = false;
  for (const step of s.steps) {
    if (!step.text)
      ctx.report(
        finding(
          'scenario/empty-step',
          'error',
          doc,
          step,
          `${step.keyword} line in "${s.name}" is empty`,
          `Write what the ${step.keyword} line says.`,
        ),
      );
    if (step.keyword in ORDER) {
      const o = ORDER[step.keyword as keyof typeof ORDER];
      if (o < last && !reported) {
        ctx.report(
          finding(
            'scenario/step-order',
            'warning',
            doc,
            step,
            `${step.keyword} comes after ${Object.keys(ORDER)[last]} in "${s.name}"`,
            'Order the lines GIVEN, WHEN, THEN (use AND to continue one).',
          ),
        );
        reported = true;
      }
      last = Math.max(last, o);
    }
  }
  if (s.steps[0]!.keyword === 'AND' || s.steps[0]!.keyword === 'BUT') {
    ctx.report(
      finding(
        'scenario/step-order',
        'warning',
        doc,
        s.steps[0]!,
        `Scenario "${s.name}" starts with ${s.steps[0]!.keyword}`,
        'Start with GIVEN or WHEN.',
      ),
    );
  }
}
