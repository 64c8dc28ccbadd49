// What each argument means, for the assistant filling it in. One dictionary by name, since the same
// field (title, dry_run, requirements…) means the same in every tool; `tool.name` entries say what a
// name means in that one tool. tools-list.test.ts checks that every advertised property has one.
import type { JsonSchema } from './json-schema.js';

const WORDS: Record<string, string> = {
  dry_run: 'true: report what would be written, write nothing',
  allow_duplicate: 'Write even if a document already has this title',
  force: 'Go on despite the warning that would stop the write',
  approve_proposal: 'Also move the proposal to approved',
  title: 'One-line title',
  slug: 'File name part (default: from the title)',
  problem: 'The problem the proposal solves',
  goals: 'What success means, one per item',
  non_goals: 'What is deliberately left out',
  background: 'Context, Markdown',
  options: 'Options considered',
  description: 'Markdown',
  pros: 'Arguments for',
  cons: 'Arguments against',
  recommendation: 'The option recommended, and why',
  authors: 'Author names (default: git user)',
  reviewers: 'Reviewer names',
  overview: 'Summary paragraph, Markdown',
  implementations: 'Repositories implementing it: "org/repo" or {repo, status, link}',
  link: 'URL of the implementation',
  requirements: 'Requirements, each with scenarios',
  name: 'One-line name',
  statement: 'What the system SHALL or MUST do',
  scenarios: 'Given/when/then examples, at least one',
  given: 'Preconditions: a line or lines (optional)',
  when: 'The action: a line or lines',
  then: 'The outcome: a line or lines',
  depends_on: 'Requirement names or IDs this one needs first',
  extends: 'ID of the spec extended (SPEC-NNNN)',
  implements: 'ID of the proposal this extension implements',
  added: 'New requirements',
  overrides: 'Requirements that replace base ones',
  replaces: 'ID or name of the base requirement replaced',
  reason: 'Why it is replaced',
  applies_to: 'What it applies to (default: all)',
  scope: 'What the standard covers',
  includes: 'What is in scope',
  excludes: 'What is out of scope',
  rules: 'Rules by category',
  category: 'Category name',
  must: 'Mandatory rules',
  should: 'Recommended rules',
  may: 'Optional rules',
  gitignore: 'Lines for .gitignore of implementing repos',
  scaffold: 'Files and folders bootstrap creates',
  directories: 'Folders to create',
  files: 'Files to create',
  path: 'Path inside the implementing repository',
  content: 'File content',
  enforcement: 'How the standard is enforced',
  doc: 'Spec or extension ID to add to',
  id: 'Document ID (SPEC-0001) or requirement (SPEC-0001/REQ-002)',
  by: 'Successor document ID, when superseding',
  kind: 'Only these kinds',
  paths: 'Files or folders to check (default: all documents); inside the allowed folders',
  strict: 'Warnings count as failures',
  format: 'Output format (default mermaid)',
  level: 'Nodes shown (default all)',
  focus: 'Only this ID and its neighbours',
  spec: 'Spec ID (SPEC-NNNN)',
  dir: 'Folder of the implementing repository, beside the workspace or inside an allowed folder',
  github: 'GitHub repository ORG/NAME to create or update',
  repo: 'Repository ORG/NAME',
  standards: 'Standard IDs to include',
  skip_standards: 'Standard IDs to leave out',
  refresh: 'Rewrite issues the team edited on the forge',
  extensions_only: 'Only what extensions add or override',
  issue: 'Issue number (default: next available)',
  base: 'Branch to start from (default: current)',
  story: 'STORY-ID, SPEC-NNNN/REQ-NNN or ISSUE-N',
  ai: 'Add the advisory AI reviewer',
  override: 'Reason to accept despite open findings',
  constitution: 'Constitution file (default: .papertrail/constitution.md); inside the workspace',
  docs: 'Documents folder (default docs), inside the workspace',
  forge: 'Where issues live',
  tools: 'Assistant files to write',
  status: 'Status',
  'init.repo': 'GitHub repository ORG/NAME of the documents',
  'status.id': 'Document ID',
  'status.status': 'New status (draft, review, approved, implemented, superseded, rejected…)',
  'list.status': 'Only these statuses',
  'spec.proposal': 'ID of the proposal implemented (PROP-NNNN)',
  'spec.status': 'Implementation status',
  'spec.repo': 'Repository ORG/NAME',
  'bootstrap.repo': 'Name of the repository (default: from the spec)',
  'sync.repo': 'Implementing repository ORG/NAME (default: the only one)',
  'sync.dir': 'Folder of the implementing repository (local forge), beside the workspace',
  'runbook_review.id': 'Runbook: story ID or path of its .md file',
  'runbook_accept.id': 'Runbook: story ID or path of its .md file',
  'trace.id': 'Document or requirement ID, or SPEC-0001#Name',
  'show.id': 'Document ID, SPEC-0001/REQ-002, or SPEC-0001#Name',
};

/** The schema with every property that has none given the description its name has here. */
export function describeInput(tool: string, s: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...s };
  if (s.properties)
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, p]) => {
        const inner = describeInput(tool, p);
        const words = WORDS[`${tool}.${k}`] ?? WORDS[k];
        return [k, inner.description || !words ? inner : { ...inner, description: words }];
      }),
    );
  if (s.items) out.items = describeInput(tool, s.items);
  if (s.anyOf) out.anyOf = s.anyOf.map((o) => describeInput(tool, o));
  return out;
}
