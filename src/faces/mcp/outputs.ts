// What each tool returns (its structuredContent), described for the assistant and checked by the
// client against the result. Every field a tool returns is listed here: the MCP tests check results
// with additional properties refused, but the advertised schema allows them, so that a field added to
// a result later never makes a client reject the call. Nested objects are described by their field
// rather than field by field, and a field whose name and type say it all goes undescribed (the few
// tools-list.test.ts allows): the whole list is sent with every conversation. `ok`, `error` and
// `dryRun` mean the same in every tool: the server's instructions say so once, not in each schema.
import type { JsonSchema } from './json-schema.js';

type Fields = Record<string, JsonSchema>;

const t = (type: string | string[], description?: string): JsonSchema => ({
  type,
  ...(description ? { description } : {}),
});
const str = (d?: string) => t('string', d);
const strOrNull = (d: string) => t(['string', 'null'], d);
const bool = (d: string) => t('boolean', d);
const int = (d?: string) => t('integer', d);
const intOrStr = (d: string) => t(['integer', 'string'], d);
const obj = (d: string) => t('object', d);
const objOrNull = (d: string) => t(['object', 'null'], d);
const list = (d: string, items?: JsonSchema): JsonSchema => ({
  type: 'array',
  description: d,
  ...(items ? { items } : {}),
});
const strings = (d: string) => list(d, { type: 'string' });
const ints = (d: string) => list(d, { type: 'integer' });

/**
 * A tool's outputSchema: `fields` on success (`required` among them always there), or `error` with
 * `ok` false on failure (the client checks an error's structuredContent against it too).
 */
function output(fields: Fields, required: string[], note?: string): JsonSchema {
  return {
    type: 'object',
    ...(note ? { description: note } : {}),
    // ok (always there) and error are the same in every tool: the server's instructions say so once.
    properties: fields,
    anyOf: [{ required }, { required: ['error'] }],
  };
}

const dryRun = t('boolean');
const written = { id: str(), file: str('Relative to the workspace'), dryRun };
const writtenDoc = output(written, ['id', 'file', 'dryRun']);
const gov = '{code, message, file, line, rule, role, severity}';
const contexts = 'Clones of the repos of specs this one depends on: {spec, repo, dir, status, from, to, url}';

export const OUTPUTS: Record<string, JsonSchema> = {
  init: output(
    {
      root: str('Workspace folder'),
      config: obj('papertrail.yaml as written'),
      created: strings('Files and folders created'),
      skipped: strings('Assistant files already there, left alone'),
      merged: strings('MCP configurations the papertrail server was added to'),
      manual: list('MCP configurations to edit by hand: {path, why, add}'),
      replaced: strings('Old slash-command files removed: skills replace them'),
      legacy: list('Such files the project edited, kept: {path, skill}'),
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
  ),
  extend: writtenDoc,
  standard: writtenDoc,
  requirement_add: output({ ...written, id: str('The requirement added: SPEC-0001/REQ-004') }, [
    'id',
    'file',
    'dryRun',
  ]),
  status: output(
    {
      id: str(),
      file: str(),
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
        '{id, kind, title, status, file, frontmatter, sections, requirementList}, or one requirement',
      ),
    },
    ['document'],
    'Its Markdown follows for a document, not for one requirement.',
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
      work: list('Per requirement: issue, branch and PRs'),
    },
    ['trace'],
  ),
  renumber: output(
    {
      documents: list('Documents renumbered: {from, to, file, newFile}'),
      references: list('References rewritten in other files, one per file and ID: {file, from, to}'),
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
      dir: str('Repo folder (local) or web address (GitHub)'),
      status: str('new or exists'),
      action: str('create, update-branch or up-to-date'),
      branch: str('Branch written'),
      commit: strOrNull('Commit made'),
      pullRequest: obj('The update PR: {number, created} (or the planned one)'),
      files: list('{path, action: create|update|remove|keep, manual}'),
      legacy: list('Slash-command files the repo edited, kept: {path, skill}'),
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
      links: obj('{subIssues, blockedBy} written; removed: [{issue, blocker}] links the spec dropped'),
      unsupported: strings('Link kinds the forge lacks: a task list stands in'),
      notices: strings('What to tell the user, e.g. a fallback the forge needed'),
      writes: int('Forge writes made (or, on a dry run, needed)'),
      dryRun,
      duplicates: ints('Issues carrying a marker twice'),
      keptEdits: ints('Issues edited on the forge, kept'),
      replacedEdits: ints('Issues edited on the forge, rewritten'),
      contexts: list(contexts),
      table: str('Markdown table and dependency tree, to show the user'),
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
      issue: int(),
      key: str('Requirement key'),
      branch: str('Branch created'),
      commit: strOrNull('Commit made'),
      pullRequest: obj('The draft PR (number null on a dry run)'),
      created: bool('false: the branch and PR were already there'),
      dryRun,
      runbook: strOrNull("The requirement's runbook file"),
      contexts: list(`${contexts}, refreshed first`),
    },
    ['issue', 'branch', 'dryRun'],
  ),
  sync: output(
    {
      spec: str('Spec ID'),
      file: str(),
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
      id: str(),
      title: str(),
      file: str(),
      dryRun,
      story: obj('{id, kind, file, issue, scenarios}'),
    },
    ['id', 'file', 'dryRun'],
  ),
  runbook_review: output(
    {
      id: str(),
      file: str(),
      status: str('Runbook status'),
      findings: list(gov),
      roles: list('Verdict per governance role'),
      applied: strings('Team rules that ran'),
      skipped: strings('Team rules whose `when` did not hold'),
      prose: strings('Governance files read as prose only'),
      blocking: int('Findings that block'),
      advisory: int('Advisory findings'),
      warnings: strings('Problems that did not stop the review'),
      aiReviewer: strOrNull('AI reviewer used'),
      written: bool('The runbook was updated'),
    },
    ['id', 'file', 'findings', 'blocking'],
  ),
  runbook_accept: output(
    {
      id: str(),
      file: str(),
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
      launch: list('Starting now, in order: {issue, step, order, parallelizable, rank, attempt}'),
      waiting: list('Not ready: {issue, step, rank, reason, blockedBy?, waitsFor?}'),
      done: ints('Issues whose items are done'),
      queued: int('Attempts queued by this call'),
      ciGates: list('CI gates: {issue, gate, pr, status, reasons, rework}'),
    },
    ['dryRun', 'launch'],
  ),
  work_list: output(
    {
      items: list(
        '{issue, title, status, step, stepState, attempt, executor, leaseExpiresAt, gates, blockedBy}',
      ),
    },
    ['items'],
  ),
  work_claim: output(
    {
      claimed: objOrNull(
        '{attempt, token, leaseExpiresAt, handoff: the step to do, artifact}; null: none ready',
      ),
    },
    ['claimed'],
  ),
  work_heartbeat: output({ attempt: intOrStr('Attempt id'), leaseExpiresAt: str('New lease end') }, [
    'attempt',
    'leaseExpiresAt',
  ]),
  work_complete: output(
    {
      attempt: intOrStr('Attempt completed'),
      issue: int(),
      step: str(),
      gates: list("The step's gates: {key, status}"),
      queued: list('Attempts queued: {attempt, issue, step}'),
      finished: ints('Issues whose items are done now'),
      artifact: obj('attempt-completed handoff artifact'),
    },
    ['attempt', 'queued'],
  ),
  work_fail: output(
    {
      attempt: intOrStr('Attempt failed'),
      issue: int(),
      step: str(),
      retry: objOrNull('{attempt, notBefore}; null: no retries left'),
      artifact: obj('attempt-failed handoff artifact'),
    },
    ['attempt', 'retry'],
  ),
  ops_start: output(
    {
      plan: obj('Template, inputs, env, risk, approval, phases'),
      run: obj('As ops_show; status waiting until approved'),
      dryRun,
    },
    ['plan', 'dryRun'],
  ),
  ops_list: output({ runs: list('{id, short, env, kind, status, risk, createdAt}') }, ['runs']),
  ops_show: output(
    {
      run: obj('{id, status, phases, gates, artifacts, approvals}'),
      events: list('Log lines: {id, ts, level, source, message}'),
    },
    ['run', 'events'],
  ),
};
