// What each tool returns (its structuredContent), described for the assistant and checked by the
// client against the result. Every field a tool returns is listed here: the MCP tests check results
// with additional properties refused, but the advertised schema allows them, so that a field added to
// a result later never makes a client reject the call. Nested objects are described by their field
// rather than field by field, to keep tools/list small.
import type { JsonSchema } from './json-schema.js';

type Described = JsonSchema & { description: string };
type Fields = Record<string, Described>;

const t = (type: string | string[], description: string): Described => ({ type, description });
export const str = (d: string) => t('string', d);
export const strOrNull = (d: string) => t(['string', 'null'], d);
export const bool = (d: string) => t('boolean', d);
export const int = (d: string) => t('integer', d);
export const intOrNull = (d: string) => t(['integer', 'null'], d);
export const obj = (d: string) => t('object', d);
export const objOrNull = (d: string) => t(['object', 'null'], d);
export const list = (d: string, items?: JsonSchema): Described => ({
  type: 'array',
  description: d,
  ...(items ? { items } : {}),
});
const strings = (d: string) => list(d, { type: 'string' });

/**
 * A tool's outputSchema: `fields` on success (`required` among them always there), or `error` with
 * `ok` false on failure (the client checks an error's structuredContent against it too).
 */
export function output(fields: Fields, required: string[], note?: string): JsonSchema {
  return {
    type: 'object',
    ...(note ? { description: note } : {}),
    properties: {
      ok: bool('false on failure'),
      ...fields,
      error: obj('On failure: {code, message, hint, location}'),
    },
    required: ['ok'],
    anyOf: [{ required }, { required: ['error'] }],
  };
}

const BODY = "The document's Markdown is the reply's second text block, not repeated here.";
const dryRun = bool('true: nothing was written');
const written = {
  id: str('ID of the document written'),
  file: str('Its file, relative to the workspace'),
  dryRun,
};
const writtenDoc = output(written, ['id', 'file', 'dryRun'], `${BODY} Present on a dry run.`);
const gov = obj('{code, message, file, line, rule, role, severity}');

export const OUTPUTS: Record<string, JsonSchema> = {
  init: output(
    {
      root: str('Workspace folder'),
      config: obj('papertrail.yaml as written'),
      created: strings('Files and folders created'),
      skipped: strings('Assistant files already there, left alone'),
      merged: strings('MCP configurations the papertrail server was added to'),
      manual: list('MCP configurations to edit by hand: {path, why, add}'),
      replaced: strings('Slash-command files of an earlier version, removed: skills replace them'),
      legacy: list('Such files the project edited, left as they are: {path, skill}'),
      dryRun,
    },
    ['root', 'created', 'dryRun'],
  ),
  propose: writtenDoc,
  spec: output(
    {
      ...written,
      proposal: str('ID of the proposal implemented'),
      warnings: strings('Things to look at; the spec was still written'),
    },
    ['id', 'file', 'dryRun'],
    `${BODY} Present on a dry run.`,
  ),
  extend: writtenDoc,
  standard: writtenDoc,
  requirement_add: output(
    { ...written, id: str('ID of the requirement added (SPEC-0001/REQ-004)') },
    ['id', 'file', 'dryRun'],
    `${BODY} Present on a dry run.`,
  ),
  status: output(
    {
      id: str('Document ID'),
      file: str('Its file'),
      from: str('Status before'),
      to: str('Status after'),
      dryRun,
    },
    ['id', 'from', 'to', 'dryRun'],
  ),
  list: output(
    {
      documents: list(
        '{id, kind, title, status, date, file, implements, extends, requirements, implementations}',
      ),
      skipped: list('Files not listed: {file, code, message}'),
    },
    ['documents', 'skipped'],
  ),
  show: output(
    {
      document: obj(
        'A document: {id, kind, title, status, file, frontmatter, sections, requirementList}; or one requirement',
      ),
    },
    ['document'],
    `${BODY} Given for a document, not for one requirement.`,
  ),
  validate: output(
    {
      summary: obj('{documents, errors, warnings, infos}; ok is false on errors'),
      findings: list('{code, severity, message, file, line, column}'),
    },
    ['summary', 'findings'],
  ),
  graph: output(
    { format: str('mermaid, dot or json'), graph: t(['string', 'object'], 'The graph (an object for json)') },
    ['format', 'graph'],
  ),
  trace: output(
    {
      trace: obj('{node, parent, requirements, incoming, outgoing, unresolved}'),
      work: list('In an implementing repo, per requirement: its issue, branch and PRs'),
    },
    ['trace'],
  ),
  renumber: output(
    {
      documents: list('Documents given a new number: {from, to, file, newFile}'),
      references: list(
        'References to a renumbered document rewritten in other files, one per file and ID: {file, from, to}',
      ),
      requirements: list('Requirement IDs written where missing: {doc, name, id}'),
      dryRun,
    },
    ['documents', 'references', 'requirements', 'dryRun'],
  ),
  bootstrap: output(
    {
      spec: obj('{id, title}'),
      extensions: list('{id, title}'),
      standards: list('Standards included: {id, title, why}'),
      skippedStandards: list('{id, why}'),
      repo: str('Repository ORG/NAME'),
      forge: str('local or github'),
      dir: str('The repository folder (local) or web address (GitHub)'),
      status: str('new or exists'),
      action: str('create, update-branch or up-to-date'),
      branch: str('Branch written'),
      commit: strOrNull('Commit made'),
      pullRequest: obj('The PR proposing the update: {number, created} (or the planned one)'),
      files: list('{path, action: create|update|remove|keep, manual}'),
      legacy: list('Slash-command files the repository edited, left as they are: {path, skill}'),
      recorded: bool('The spec records the implementation'),
      dryRun,
    },
    ['spec', 'repo', 'dir', 'action', 'files', 'dryRun'],
  ),
  plan: output(
    {
      specId: str('Spec planned'),
      rows: list('One per issue: {number, key, title, type, action, state, blockedBy}'),
      labels: obj('{created, updated}'),
      links: obj(
        '{subIssues, blockedBy} written, and removed: [{issue, blocker}] "blocked by" links the spec dropped',
      ),
      unsupported: strings('Link kinds the forge lacks (sub-issues, dependencies): a task list stands in'),
      notices: strings('What the user should hear about this run, e.g. a fallback the forge needed'),
      writes: int('Forge writes made (or, on a dry run, needed)'),
      dryRun,
      duplicates: list('Issues carrying a marker twice', { type: 'integer' }),
      keptEdits: list('Issues edited on the forge, left as they are', { type: 'integer' }),
      replacedEdits: list('Issues edited on the forge, rewritten', { type: 'integer' }),
      contexts: list(
        'Clones of repos implementing specs this one depends on: {spec, repo, dir, status, from, to, url}',
      ),
      table: str('The plan as a Markdown table and dependency tree, to show the user'),
    },
    ['specId', 'rows', 'table', 'dryRun'],
  ),
  next: output(
    {
      next: objOrNull('{number, title, key} of the issue to implement, or null'),
      blocked: list('Open issues waiting: {number, title, waitingFor}'),
      tracking: objOrNull('{number, state} of the tracking issue'),
      hint: str('When next is null: why, and what to do'),
    },
    ['next', 'blocked'],
  ),
  implement: output(
    {
      issue: int('Issue number'),
      key: str('Requirement key'),
      branch: str('Branch created'),
      commit: strOrNull('Commit made'),
      pullRequest: obj('The draft PR (number null on a dry run)'),
      created: bool('false: the branch and PR were already there'),
      dryRun,
      runbook: strOrNull("The requirement's runbook file"),
      contexts: list(
        'Clones of repos implementing specs this one depends on, refreshed first: {spec, repo, dir, status, from, to, url}',
      ),
    },
    ['issue', 'branch', 'dryRun'],
  ),
  sync: output(
    {
      spec: str('Spec ID'),
      file: str('Spec file'),
      repo: str('Implementing repository'),
      requirements: obj('{issues, closed, open: numbers still open}'),
      from: str('Implementation status before'),
      to: str('planned, in-progress or complete'),
      changed: bool('The spec was (or would be) changed'),
      dryRun,
      allComplete: bool('Every implementation of the spec is complete'),
      specStatus: str("The spec's own status"),
    },
    ['spec', 'to', 'changed', 'dryRun'],
  ),
  runbook_new: output(
    {
      id: str('Runbook ID'),
      title: str('Title'),
      file: str('Runbook file'),
      dryRun,
      story: obj('{id, kind, file, issue, scenarios}'),
    },
    ['id', 'file', 'dryRun'],
    BODY,
  ),
  runbook_review: output(
    {
      id: str('Runbook ID'),
      file: str('Runbook file'),
      status: str('Runbook status'),
      findings: list(`Findings: ${gov.description}`),
      roles: list('Verdict per governance role'),
      applied: strings('Team rules that ran'),
      skipped: strings('Team rules whose `when` did not hold'),
      prose: strings('Governance files read as prose only'),
      blocking: int('Blocking findings'),
      advisory: int('Advisory findings'),
      warnings: strings('Problems that did not stop the review'),
      aiReviewer: strOrNull('AI reviewer used'),
      written: bool('The runbook was updated'),
    },
    ['id', 'file', 'findings', 'blocking'],
    BODY,
  ),
  runbook_accept: output(
    {
      id: str('Runbook ID'),
      file: str('Runbook file'),
      status: str('ACCEPTED'),
      changed: bool('false: it was already ACCEPTED'),
      by: str('Who accepted'),
      at: str('When'),
      override: strOrNull('Reason given to override'),
      blocking: list('Findings still open when overridden'),
      unticked: strings('Roles not ticked when overridden'),
      written: bool('The runbook was written'),
    },
    ['id', 'file', 'status'],
    BODY,
  ),
  governance_init: output({ dryRun, files: list('{path, action: create|keep, because}') }, [
    'files',
    'dryRun',
  ]),
  check: output(
    {
      constitution: obj('{file, title, version}'),
      rows: list('The gate table: one row per article'),
      warnings: strings('Problems reading documents or rules'),
      violations: int('Articles violated'),
      documents: int('Documents checked'),
    },
    ['constitution', 'rows', 'violations'],
  ),
  work_schedule: output(
    {
      dryRun,
      workflow: str('The workflow the items follow, id@version'),
      sync: obj('{added, changed, cancelled}: issue numbers'),
      launch: list(
        'Steps that start now, in launch order: {issue, step, order, parallelizable, rank, attempt}',
      ),
      waiting: list('Steps not ready: {issue, step, rank, reason, blockedBy?, waitsFor?}'),
      done: list('Issues whose items are done', { type: 'integer' }),
      queued: int('Attempts queued by this call'),
    },
    ['dryRun', 'launch'],
  ),
  work_list: output(
    {
      items: list(
        'Per item: {issue, title, status, step, stepState, attempt, executor, leaseExpiresAt, gates, blockedBy}',
      ),
    },
    ['items'],
  ),
  work_claim: output(
    {
      claimed: objOrNull(
        '{attempt, token, leaseExpiresAt, handoff: {issue, title, requirement, step, exitCriteria, branch, …}, artifact}; null: nothing ready',
      ),
    },
    ['claimed'],
  ),
  work_complete: output(
    {
      attempt: int('Attempt completed'),
      issue: int('Its issue'),
      step: str('Its step'),
      gates: list("The step's gates: {key, status}"),
      queued: list('Attempts queued: {attempt, issue, step}'),
      finished: list('Issues whose items are done now', { type: 'integer' }),
      artifact: obj('The attempt-completed handoff artifact (v1.0)'),
    },
    ['attempt', 'queued'],
  ),
  work_fail: output(
    {
      attempt: int('Attempt failed'),
      issue: int('Its issue'),
      step: str('Its step'),
      retry: objOrNull('{attempt, notBefore} of the retry; null: no retries left'),
      artifact: obj('The attempt-failed handoff artifact (v1.0)'),
    },
    ['attempt', 'retry'],
  ),
};
