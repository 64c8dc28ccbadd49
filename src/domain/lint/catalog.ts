import type { RuleInfo } from '../findings/index.js';

/** Every rule code Papertrail reports, with its default level: the reference for README and SARIF. */
export const CATALOG: Record<string, RuleInfo> = {
  'file/not-utf8': { severity: 'error', summary: 'File is not valid UTF-8', help: 'Save the file as UTF-8.' },
  'file/not-found': {
    severity: 'error',
    summary: 'File vanished while being read',
    help: 'Run again; another process removed it.',
  },
  'file/is-directory': {
    severity: 'error',
    summary: 'A folder is named like a document',
    help: 'Rename the folder.',
  },
  'file/unreadable': { severity: 'error', summary: 'File cannot be read', help: 'Check its permissions.' },
  'naming/file-pattern': {
    severity: 'warning',
    summary: 'File name matches no document pattern',
    help: 'Name files PROP-NNNN-slug.md, SPEC-NNNN-slug.md, SPEC-NNNN-EXT-NNNN-slug.md or STD-NNNN-slug.md.',
  },
  'naming/wrong-folder': {
    severity: 'warning',
    summary: 'Document is in the wrong folder',
    help: 'Proposals live in proposals/, specs and extensions in specs/, standards in standards/.',
  },
  'naming/number-gap': {
    severity: 'info',
    summary: 'Document numbers have a gap',
    help: 'Usually a deleted or unmerged document.',
  },
  'id/duplicate': {
    severity: 'error',
    summary: 'Two documents share an ID',
    help: 'Run papertrail renumber.',
  },
  'id/mismatch': {
    severity: 'error',
    summary: 'ID in heading or frontmatter differs from the file name',
    help: 'Make them agree.',
  },
  'id/extends-mismatch': {
    severity: 'error',
    summary: 'Extension file name and "extends" disagree',
    help: 'Make them agree.',
  },
  'title/missing': { severity: 'error', summary: 'Document has no # title', help: 'Add "# ID: Title".' },
  'title/mismatch': {
    severity: 'warning',
    summary: 'Heading and frontmatter title differ',
    help: 'Keep them the same.',
  },
  'title/control-character': {
    severity: 'warning',
    summary: 'A title or requirement name contains a control character',
    help: 'Remove it; terminals act on escape sequences.',
  },
  'frontmatter/missing': {
    severity: 'error',
    summary: 'No YAML frontmatter',
    help: 'Start the file with a --- block.',
  },
  'frontmatter/unclosed': {
    severity: 'error',
    summary: 'Frontmatter is never closed',
    help: 'End the frontmatter with a --- line.',
  },
  'frontmatter/yaml-syntax': {
    severity: 'error',
    summary: 'Frontmatter is not valid YAML',
    help: 'Fix the YAML.',
  },
  'frontmatter/duplicate-key': {
    severity: 'error',
    summary: 'A frontmatter key appears twice',
    help: 'Keep one.',
  },
  'frontmatter/not-a-map': {
    severity: 'error',
    summary: 'Frontmatter is not a mapping',
    help: 'Write key: value lines.',
  },
  'frontmatter/required-field': {
    severity: 'error',
    summary: 'Required frontmatter field missing',
    help: 'Add the field.',
  },
  'frontmatter/missing-people': {
    severity: 'warning',
    summary: 'authors or reviewers missing',
    help: 'Add the list (may be empty).',
  },
  'frontmatter/missing-implementations': {
    severity: 'warning',
    summary: 'Spec has no implementations list',
    help: 'Add implementations.',
  },
  'frontmatter/unknown-field': {
    severity: 'warning',
    summary: 'Unknown frontmatter field',
    help: 'Remove it or fix its spelling.',
  },
  'frontmatter/bad-status': {
    severity: 'error',
    summary: 'Status not valid for this kind',
    help: 'Use a status from the lifecycle.',
  },
  'frontmatter/status-case': {
    severity: 'warning',
    summary: 'Status not in lower case',
    help: 'Write it in lower case.',
  },
  'frontmatter/bad-date': {
    severity: 'error',
    summary: 'Date is not YYYY-MM-DD',
    help: 'Write a real date.',
  },
  'frontmatter/bad-type': {
    severity: 'error',
    summary: 'Field has the wrong type',
    help: 'See the document format.',
  },
  'frontmatter/bad-implementation': {
    severity: 'error',
    summary: 'Implementation entry is invalid',
    help: 'repo: org/name, status: planned|in-progress|complete.',
  },
  'frontmatter/bad-scaffold': {
    severity: 'error',
    summary: 'Standard scaffold is invalid',
    help: 'directories: [..], files: [{path, content}].',
  },
  'section/missing': { severity: 'error', summary: 'Required section missing', help: 'Add the section.' },
  'section/empty': { severity: 'warning', summary: 'Section is empty', help: 'Write it or remove it.' },
  'proposal/option-pros-cons': {
    severity: 'warning',
    summary: 'Option lacks pros or cons',
    help: 'List both.',
  },
  'proposal/no-options': {
    severity: 'warning',
    summary: 'No options listed',
    help: 'Add ### Option blocks.',
  },
  'requirement/none': {
    severity: 'error',
    summary: 'Spec has no requirements',
    help: 'Add ### Requirement blocks.',
  },
  'requirement/outside-section': {
    severity: 'error',
    summary: 'Requirement outside the requirements section',
    help: 'Move it under ## Requirements.',
  },
  'requirement/no-name': {
    severity: 'error',
    summary: 'Requirement has no name',
    help: 'Write ### Requirement: Name.',
  },
  'requirement/no-statement': {
    severity: 'error',
    summary: 'Requirement has no statement',
    help: 'Write "The system SHALL …".',
  },
  'requirement/no-shall': {
    severity: 'error',
    summary: 'Requirement statement lacks SHALL/MUST',
    help: 'Use SHALL or MUST.',
  },
  'requirement/no-scenario': {
    severity: 'error',
    summary: 'Requirement has no scenario',
    help: 'Add #### Scenario blocks.',
  },
  'requirement/duplicate-name': {
    severity: 'error',
    summary: 'Requirement name declared twice',
    help: 'Rename or merge.',
  },
  'requirement/missing-id': {
    severity: 'warning',
    summary: 'Requirement has no stable ID',
    help: 'Run papertrail renumber.',
  },
  'requirement/bad-id': {
    severity: 'error',
    summary: 'Requirement ID has the wrong form',
    help: 'Use REQ-NNN.',
  },
  'requirement/duplicate-id': {
    severity: 'error',
    summary: 'Requirement ID used twice',
    help: 'Run papertrail renumber.',
  },
  'extension/override-without-target': {
    severity: 'error',
    summary: 'Override does not name what it replaces',
    help: 'Add **Replaces:** Name (from SPEC-NNNN).',
  },
  'extension/override-duplicate': {
    severity: 'warning',
    summary: 'Two extensions override the same requirement',
    help: 'Merge the overrides.',
  },
  'scenario/no-name': {
    severity: 'error',
    summary: 'Scenario has no name',
    help: 'Write #### Scenario: Name.',
  },
  'scenario/no-steps': {
    severity: 'error',
    summary: 'Scenario has no steps',
    help: 'Write GIVEN/WHEN/THEN lines.',
  },
  'scenario/missing-step': {
    severity: 'error',
    summary: 'Scenario lacks WHEN or THEN',
    help: 'Add the line.',
  },
  'scenario/missing-given': {
    severity: 'warning',
    summary: 'Scenario lacks GIVEN',
    help: 'State the starting situation.',
  },
  'scenario/empty-step': { severity: 'error', summary: 'Scenario step is empty', help: 'Write the step.' },
  'scenario/step-order': {
    severity: 'warning',
    summary: 'Steps out of GIVEN/WHEN/THEN order',
    help: 'Reorder them.',
  },
  'scenario/duplicate-name': { severity: 'warning', summary: 'Scenario name repeated', help: 'Rename one.' },
  'ref/broken': {
    severity: 'error',
    summary: 'Reference to something that does not exist',
    help: 'Fix the ID or name.',
  },
  'ref/broken-link': {
    severity: 'error',
    summary: 'Link to a document file that does not exist',
    help: 'Point it at the document as it is named now (renumber rewrites links it moves).',
  },
  'override/target-missing': {
    severity: 'error',
    summary: 'Override names a requirement that does not exist',
    help: 'Name an existing requirement of the base spec.',
  },
  'ref/wrong-kind': {
    severity: 'error',
    summary: 'Reference names the wrong kind of document',
    help: 'Point it at the right kind.',
  },
  'graph/cycle': { severity: 'error', summary: 'Dependency cycle', help: 'Break the cycle.' },
  'status/implements-rejected': {
    severity: 'error',
    summary: 'Active spec implements a rejected proposal',
    help: 'Deprecate it or re-point it.',
  },
  'status/ahead-of-proposal': {
    severity: 'warning',
    summary: 'Spec approved before its proposal',
    help: 'Approve the proposal.',
  },
  'status/implemented-incomplete': {
    severity: 'error',
    summary: 'Implemented spec with unfinished implementations',
    help: 'Complete them or revert the status.',
  },
  'status/ready-to-implemented': {
    severity: 'info',
    summary: 'Every implementation complete',
    help: 'Mark the spec implemented.',
  },
  'status/depends-on-deprecated': {
    severity: 'warning',
    summary: 'Depends on a deprecated spec',
    help: 'Depend on its replacement.',
  },
  'status/extends-deprecated': {
    severity: 'warning',
    summary: 'Extends a deprecated spec',
    help: 'Deprecate the extension too.',
  },
  'status/ahead-of-base': {
    severity: 'warning',
    summary: 'Extension approved before its base spec',
    help: 'Approve the base spec.',
  },
  'status/superseded-without-successor': {
    severity: 'error',
    summary: 'Superseded without a successor',
    help: 'Add superseded_by.',
  },
  'orphan/proposal-without-spec': {
    severity: 'info',
    summary: 'Approved proposal with no spec',
    help: 'Write the spec.',
  },
  'orphan/spec-without-implementation': {
    severity: 'info',
    summary: 'Spec names no implementing repository',
    help: 'Add implementations.',
  },
  'orphan/dependency-unimplemented': {
    severity: 'info',
    summary: 'A dependency has no implementation',
    help: 'Nothing to clone yet.',
  },
};

export function describeRule(code: string): RuleInfo {
  return CATALOG[code] ?? { severity: 'warning', summary: code, help: 'See the message.' };
}
