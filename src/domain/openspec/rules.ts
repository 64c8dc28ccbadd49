// The rule catalogue: one stable code per problem, its level, and the default fix. Levels follow
// OpenSpec 1.13.2 where OpenSpec has the rule; `origin: 'papertrail'` marks checks OpenSpec lacks
// or only mentions as INFO.
import type { Finding, Related, Severity } from '../findings/index.js';
import type { Pos } from './model.js';

export interface OpenSpecRule {
  severity: Severity;
  origin: 'openspec' | 'papertrail';
  summary: string;
  hint: string;
}

const SCENARIO_FORMAT =
  'Scenarios must be level-4 headers with steps under them: "#### Scenario: <name>" then "- **WHEN** ..." and "- **THEN** ...".';

export const OPENSPEC_RULES = {
  'openspec/missing-purpose': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A main spec has no "## Purpose" section, or it is empty',
    hint: 'Add "## Purpose" with a sentence or two on what this capability is for.',
  },
  'openspec/missing-requirements-section': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A main spec has no "## Requirements" section',
    hint: 'Add "## Requirements" and put every "### Requirement: <name>" block under it.',
  },
  'openspec/no-requirements': {
    severity: 'error',
    origin: 'openspec',
    summary: 'The Requirements section holds no requirement',
    hint: 'Add at least one "### Requirement: <name>" block with a SHALL/MUST statement and a scenario.',
  },
  'openspec/requirement-no-scenario': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A requirement has no scenario with content',
    hint: SCENARIO_FORMAT,
  },
  'openspec/requirement-no-text': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A requirement has no statement between its header and its first scenario',
    hint: 'Write the requirement statement (with SHALL or MUST) on the line right after the "### Requirement:" header.',
  },
  'openspec/requirement-no-shall': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'A requirement statement has neither SHALL nor MUST',
    hint: 'State the requirement normatively, e.g. "The system SHALL ...", in the body under the header.',
  },
  'openspec/requirement-too-long': {
    severity: 'info',
    origin: 'openspec',
    summary: 'A requirement statement is longer than 500 characters',
    hint: 'Split it into several smaller requirements.',
  },
  'openspec/purpose-too-short': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'The Purpose is under 50 characters',
    hint: 'Say what the capability is for and who relies on it, in at least 50 characters.',
  },
  'openspec/purpose-placeholder': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'The Purpose is still a TBD/TODO or archive placeholder',
    hint: 'Replace it with what this capability is for, editing the main spec directly.',
  },
  'openspec/delta-header-in-main-spec': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A main spec contains an "## ADDED/MODIFIED/REMOVED/RENAMED Requirements" header',
    hint: 'Delta headers belong in openspec/changes/<id>/specs/<capability>/spec.md; merge the requirements into "## Requirements".',
  },
  'openspec/requirement-outside-section': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A "### Requirement:" header sits outside "## Requirements", where nothing reads it',
    hint: 'Move the requirement block under "## Requirements".',
  },
  'openspec/duplicate-requirement': {
    severity: 'error',
    origin: 'openspec',
    summary: 'Two requirements (or two delta entries of one section) share a name',
    hint: 'Rename or merge one of them; requirement names identify requirements and must be unique.',
  },
  'openspec/change-no-deltas': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A change has no delta at all',
    hint: 'Add specs/<capability>/spec.md with "## ADDED Requirements" (or MODIFIED/REMOVED/RENAMED), or set "skip_specs: true" in the change\'s .openspec.yaml for a change with no behaviour change.',
  },
  'openspec/delta-no-sections': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A delta spec has no delta section',
    hint: 'Add a header such as "## ADDED Requirements", or move non-delta notes out of specs/.',
  },
  'openspec/delta-empty-sections': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A delta spec has delta sections but no entry in any of them',
    hint: 'Put at least one "### Requirement: <name>" block in each section (REMOVED may list "- `### Requirement: <name>`").',
  },
  'openspec/delta-misplaced': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A delta file is not a spec.md inside a capability folder, so archive ignores it',
    hint: 'Move it to specs/<capability>/spec.md.',
  },
  'openspec/delta-conflict': {
    severity: 'error',
    origin: 'openspec',
    summary: 'One delta spec names a requirement in two contradicting sections',
    hint: 'Keep the requirement in one section only; after a RENAMED, refer to the new name.',
  },
  'openspec/rename-unpaired': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A RENAMED FROM: or TO: line has no partner',
    hint: 'Write each rename as "- FROM: `### Requirement: Old`" followed immediately by "- TO: `### Requirement: New`".',
  },
  'openspec/modified-drops-scenario': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A MODIFIED block omits scenarios the current requirement has',
    hint: 'A MODIFIED block replaces the whole requirement: copy every current scenario into it (edit them as needed).',
  },
  'openspec/delta-skipped-header': {
    severity: 'info',
    origin: 'openspec',
    summary: 'A "###" header in ADDED/MODIFIED is not "### Requirement: <name>" and is ignored',
    hint: 'Write "### Requirement: <name>" if it is a requirement; otherwise make it a plain paragraph.',
  },
  'openspec/delta-header-case': {
    severity: 'warning',
    origin: 'papertrail',
    summary: 'A delta section header is not written as OpenSpec writes it ("## ADDED Requirements")',
    hint: 'Write the operation in capitals: "## ADDED Requirements", "## MODIFIED Requirements", "## REMOVED Requirements" or "## RENAMED Requirements".',
  },
  'openspec/requirement-outside-delta': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'A delta spec has a requirement outside every delta section, so it is ignored',
    hint: 'Move it under "## ADDED Requirements", "## MODIFIED Requirements", "## REMOVED Requirements" or "## RENAMED Requirements".',
  },
  'openspec/skip-specs-conflict': {
    severity: 'error',
    origin: 'openspec',
    summary: 'skip_specs is set but files exist under specs/',
    hint: 'Delete the files under specs/, or remove skip_specs from .openspec.yaml.',
  },
  'openspec/skip-specs-invalid': {
    severity: 'error',
    origin: 'openspec',
    summary: 'skip_specs is set but .openspec.yaml is not valid change metadata, so it is not honoured',
    hint: 'Fix .openspec.yaml: "schema: spec-driven" (or a project schema) is required and skip_specs must be true or false.',
  },
  'openspec/skip-specs-accepted': {
    severity: 'info',
    origin: 'openspec',
    summary: 'skip_specs is set: the change declares no spec change, zero deltas accepted',
    hint: 'Nothing to do; remove skip_specs if the change does alter behaviour.',
  },
  'openspec/nested-change': {
    severity: 'error',
    origin: 'openspec',
    summary: 'A folder under changes/ wraps change folders instead of being a change',
    hint: 'Move each nested change directly under openspec/changes/, folding the folder name into its id.',
  },
  'openspec/task-numbering': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'A task number does not match its "## N." group',
    hint: 'Move the task to the group its number names, or renumber it.',
  },
  'openspec/task-duplicate': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'Two tasks share a number',
    hint: 'Give each task a unique N.M number.',
  },
  'openspec/tasks-no-checkboxes': {
    severity: 'warning',
    origin: 'openspec',
    summary: 'tasks.md lists work without any checkbox, so it counts as zero tasks',
    hint: 'Write each task as "- [ ] 1.1 Description".',
  },
  'openspec/delta-target-missing': {
    severity: 'error',
    origin: 'papertrail',
    summary: 'A MODIFIED, REMOVED or RENAMED FROM requirement (or its spec) does not exist in the main specs',
    hint: 'Use the exact header of an existing requirement, or ADD it if it is new; if another change adds it, archive that change first.',
  },
  'openspec/rename-target-exists': {
    severity: 'error',
    origin: 'papertrail',
    summary: 'A RENAMED TO name is already taken in the main spec',
    hint: 'Choose a name no requirement in the main spec uses (case and spacing included).',
  },
  'openspec/added-exists': {
    severity: 'error',
    origin: 'papertrail',
    summary: 'An ADDED requirement already exists in the main spec with other content',
    hint: 'Use "## MODIFIED Requirements" with the exact existing header to change it, or choose a new name.',
  },
  'openspec/delta-target-invalid': {
    severity: 'info',
    origin: 'openspec',
    summary: 'The main spec a delta applies to is structurally invalid, so archive would refuse the delta',
    hint: 'Fix the errors reported on the main spec first.',
  },
  'openspec/removes-all-requirements': {
    severity: 'warning',
    origin: 'papertrail',
    summary: 'The delta removes every requirement of a spec that is not declared retired',
    hint: 'Set "retire_capabilities: true" in .openspec.yaml to delete the capability, or keep at least one requirement.',
  },
  'openspec/delta-purpose-ignored': {
    severity: 'info',
    origin: 'papertrail',
    summary: 'A delta has "## Purpose" for a spec that already exists; archive ignores it',
    hint: 'Edit the Purpose in the main spec directly, and drop it from the delta.',
  },
  'openspec/change-overlap': {
    severity: 'warning',
    origin: 'papertrail',
    summary: 'Two active changes change the same requirement; the second to archive will fail or overwrite',
    hint: 'Merge the two changes, or archive one and rebase the other onto the updated spec.',
  },
  'openspec/metadata-invalid': {
    severity: 'warning',
    origin: 'papertrail',
    summary: '.openspec.yaml is not valid change metadata',
    hint: 'Fix .openspec.yaml: it needs "schema: <name>" and, if set, "created: YYYY-MM-DD" and boolean markers.',
  },
  'openspec/header-missing-space': {
    severity: 'error',
    origin: 'papertrail',
    summary: 'A line like "###Requirement: X" has no space after the hashes, so it is not a header',
    hint: 'Put a space after the hashes: "### Requirement: X".',
  },
  'openspec/ambiguous-header': {
    severity: 'error',
    origin: 'papertrail',
    summary:
      'A header line that Markdown and OpenSpec read differently (indentation, or fences OpenSpec closes differently)',
    hint: 'Start headers in column 1, indent fence markers at most 3 spaces, and close each fence with a bare marker as long as its opener.',
  },
  'openspec/unreadable': {
    severity: 'error',
    origin: 'papertrail',
    summary: 'A file could not be read as UTF-8 text',
    hint: 'Save the file as UTF-8 and check its permissions.',
  },
} as const satisfies Record<string, OpenSpecRule>;

export type OpenSpecCode = keyof typeof OPENSPEC_RULES;

export interface FindingExtra {
  hint?: string;
  related?: Related[];
}

export function finding(
  code: OpenSpecCode,
  message: string,
  file: string,
  pos?: Pos | null,
  extra: FindingExtra = {},
): Finding {
  const rule: OpenSpecRule = OPENSPEC_RULES[code];
  const f: Finding = { code, severity: rule.severity, message, file };
  if (pos) {
    f.line = pos.line;
    f.column = pos.column;
  }
  f.hint = extra.hint ?? rule.hint;
  if (extra.related && extra.related.length > 0) f.related = extra.related;
  return f;
}
