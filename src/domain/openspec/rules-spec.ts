// Rules for one main spec. Unlike OpenSpec, a missing section does not stop the other checks:
// a spec with no Purpose still learns about its misplaced requirements in the same run.
import type { Finding } from '../findings/index.js';
import type { MalformedHeader, OpenSpecSpec, RequirementBlock, StructureIssue } from './model.js';
import { containsShallOrMust } from './names.js';
import { purposePlaceholderLine } from './purpose.js';
import { finding } from './rules.js';

export const MIN_PURPOSE = 50;
export const MAX_REQUIREMENT_TEXT = 500;

export function checkMainSpec(spec: OpenSpecSpec): Finding[] {
  const out: Finding[] = [];
  const file = spec.file;
  checkPurpose(spec, out);
  const section = spec.requirementsSection;
  if (!section) {
    out.push(
      finding(
        'openspec/missing-requirements-section',
        'Spec must have a "## Requirements" section',
        file,
        null,
      ),
    );
  } else if (spec.requirements.length === 0) {
    out.push(finding('openspec/no-requirements', 'Spec must have at least one requirement', file, section));
  }
  for (const r of spec.requirements) {
    if (!r.scenarios.some((s) => s.hasBody)) {
      const empty = r.scenarios.length > 0 ? ' (a scenario header with nothing under it does not count)' : '';
      out.push(
        finding(
          'openspec/requirement-no-scenario',
          `Requirement "${r.name}" must have at least one scenario${empty}`,
          file,
          r,
        ),
      );
    }
    if (r.text === '') {
      out.push(finding('openspec/requirement-no-text', 'Requirement text cannot be empty', file, r));
    } else if (r.text.length > MAX_REQUIREMENT_TEXT) {
      out.push(
        finding(
          'openspec/requirement-too-long',
          `Requirement "${r.name}" is very long (${r.text.length} > ${MAX_REQUIREMENT_TEXT} characters)`,
          file,
          r,
        ),
      );
    }
  }
  for (const b of spec.blocks) {
    const f = keywordFinding(b, `Requirement "${b.name}"`, file);
    if (f) out.push(f);
  }
  for (const issue of spec.structure) out.push(structureFinding(issue, file));
  out.push(...malformedFindings(spec.malformed, file));
  return out;
}

function checkPurpose(spec: OpenSpecSpec, out: Finding[]): void {
  const p = spec.purpose;
  if (!p || p.text === '') {
    const message = p ? 'The Purpose section is empty' : 'Spec must have a "## Purpose" section';
    out.push(finding('openspec/missing-purpose', message, spec.file, p));
    return;
  }
  const placeholder = purposePlaceholderLine(p);
  if (placeholder !== null) {
    const pos = placeholder > 0 ? { line: placeholder, column: 1 } : p;
    out.push(
      finding(
        'openspec/purpose-placeholder',
        'The Purpose is still a placeholder (a TBD/TODO marker or the sentence archive writes for a new capability)',
        spec.file,
        pos,
      ),
    );
  } else if (p.text.length < MIN_PURPOSE) {
    out.push(
      finding(
        'openspec/purpose-too-short',
        `The Purpose is too brief (${p.text.length} characters, at least ${MIN_PURPOSE} expected)`,
        spec.file,
        { line: p.textLine ?? p.line, column: 1 },
      ),
    );
  }
}

/** The statement check shared by main specs and ADDED/MODIFIED blocks: empty is an error, no keyword a warning. */
export function keywordFinding(b: RequirementBlock, what: string, file: string): Finding | null {
  const inHeader = containsShallOrMust(b.name);
  if (b.body === '') {
    const message = inHeader
      ? `${what} has SHALL/MUST only in its header; the requirement body is empty`
      : `${what} is missing requirement text`;
    return finding('openspec/requirement-no-text', message, file, b);
  }
  if (containsShallOrMust(b.body)) return null;
  const message = inHeader
    ? `${what} should contain SHALL or MUST in its body, not only in the header`
    : `${what} should contain SHALL or MUST`;
  const hint = inHeader
    ? 'Move the SHALL/MUST statement to the line right after the "### Requirement:" header.'
    : undefined;
  return finding(
    'openspec/requirement-no-shall',
    message,
    file,
    { line: b.bodyLine ?? b.line, column: 1 },
    { hint },
  );
}

function structureFinding(issue: StructureIssue, file: string): Finding {
  switch (issue.kind) {
    case 'delta-header':
      return finding(
        'openspec/delta-header-in-main-spec',
        `Main spec contains delta header "${issue.header}"; it ends the parsed Requirements section early`,
        file,
        issue,
      );
    case 'requirement-outside':
      return finding(
        'openspec/requirement-outside-section',
        `"${issue.header}" is outside the "## Requirements" section, so validate, list and archive do not see it`,
        file,
        issue,
      );
    case 'duplicate-requirement':
      return finding(
        'openspec/duplicate-requirement',
        `"${issue.header}" duplicates the requirement declared on line ${issue.firstLine}`,
        file,
        issue,
        { related: [{ file, line: issue.firstLine ?? 1, message: 'first declared here' }] },
      );
  }
}

export function malformedFindings(lines: MalformedHeader[], file: string): Finding[] {
  return lines.map((m) => {
    if (m.kind === 'missing-space') {
      const message = `"${m.text}" is not a Markdown header: it needs a space after the hashes`;
      return finding('openspec/header-missing-space', message, file, m);
    }
    const message =
      m.kind === 'closing-hashes'
        ? `"${m.text}" has closing #s, so OpenSpec does not recognise the section`
        : m.kind === 'markdown-only'
          ? `"${m.text}" renders as a header but OpenSpec does not read it as one`
          : `"${m.text}" is a header to OpenSpec but not in rendered Markdown (OpenSpec sees a fence differently)`;
    return finding('openspec/ambiguous-header', message, file, m);
  });
}
