// The tool registry: one entry per CLI verb, each calling the application function its CLI command
// calls. Descriptions are kept short on purpose: the whole list is sent with every conversation (its
// size is measured by test/faces/mcp/tools-list.test.ts). The names, their order and which tools only
// read come from TOOL_NAMES and READ_ONLY_TOOLS (src/app/workflow/assistant/commands.ts), which the
// slash commands are written against; the compiler holds this table to exactly those names. To add a
// verb, add its name there, its entry here, and its result's fields to OUTPUTS in outputs.ts (new
// argument names to descriptions.ts). A path argument goes in the entry's `paths`.
import * as v from 'valibot';
import { scheduleReport, workBackend } from '../../app/execution/index.js';
import {
  constitutionCheck,
  governanceInit,
  runbookAccept,
  runbookNew,
  runbookReview,
} from '../../app/governance/index.js';
import { type App, isWait, type Note, noteText, openApp } from '../../app/kernel/index.js';
import type { Written } from '../../app/kernel/write/index.js';
import {
  addRequirement,
  bootstrap,
  bootstrapGitHub,
  changeStatus,
  createSpec,
  createStandard,
  docsGraph,
  ExtensionSchema,
  extendSpec,
  implementIssue,
  initWorkspace,
  listDocs,
  nextIssue,
  ProposalSchema,
  parseAssistants,
  planRepo,
  planTable,
  propose,
  READ_ONLY_TOOLS,
  RequirementSchema,
  renumber,
  SpecSchema,
  StandardSchema,
  showDoc,
  syncImplementation,
  TOOL_NAMES,
  type ToolName,
  traceDoc,
  validate,
} from '../../app/workflow/index.js';
import * as graph from '../../domain/graph/index.js';
import { type ToolContext, type ToolDef, type ToolEntry, tool } from './tool.js';

const dry_run = v.optional(v.boolean());
const flag = v.optional(v.boolean());
const strings = v.optional(v.array(v.string()));
/** The store numbers attempts; the git ledger names them (`2-implement-1`). */
const attempt = v.union([v.pipe(v.number(), v.integer()), v.string()]);

/** A runbook named by its file rather than its story ID: a path to confine. */
const runbookPath = (id: string) => (/\.md$/.test(id) ? id : undefined);

/** A document written (or, on a dry run, the one that would be): the CLI's --json shape. */
const written = (w: Written) => ({
  id: w.id,
  file: w.file,
  dryRun: w.dryRun,
  ...(w.dryRun ? { content: w.content } : {}),
});

/** The app notes go to stderr, as on the command line: stdout carries the protocol. */
function logNote(note: Note): void {
  if (isWait(note) && !process.stderr.isTTY) return;
  process.stderr.write(`${noteText(note)}\n`);
}

/**
 * The app for one call. A use case that needs the forge opens it for the call and closes it after,
 * so a CLI run beside the server is never locked out of the store.
 */
const appOf = (c: ToolContext): App => openApp(c.root, process.env, { onNote: logNote });

const TABLE: Record<ToolName, ToolEntry> = {
  init: tool({
    description:
      'Create papertrail.yaml, the document folders and assistant files. In a workspace, `tools` adds the missing assistant files.',
    args: {
      docs: v.optional(v.string()),
      forge: v.optional(v.picklist(['local', 'github'])),
      repo: v.optional(v.string()),
      authors: strings,
      tools: v.optional(v.array(v.picklist(['copilot', 'claude', 'none']))),
      dry_run,
    },
    paths: (a) => [['docs', a.docs]],
    run: (c, a) =>
      initWorkspace(c.root, {
        docs: a.docs,
        forge: a.forge,
        repo: a.repo ?? null,
        authors: a.authors,
        assistants: parseAssistants(a.tools),
        addToExisting: a.tools !== undefined,
        dryRun: a.dry_run,
      }) as unknown as Record<string, unknown>,
  }),
  propose: tool({
    description: 'Write a proposal.',
    args: { dry_run, allow_duplicate: flag },
    request: { schema: ProposalSchema, what: 'proposal' },
    run: (c, a, r) =>
      written(propose(appOf(c), r, { dryRun: a.dry_run, allowDuplicateTitle: a.allow_duplicate })),
  }),
  spec: tool({
    description: 'Write a spec implementing a proposal.',
    args: { dry_run, approve_proposal: flag, force: flag, allow_duplicate: flag },
    request: { schema: SpecSchema, what: 'spec', required: ['proposal'] },
    run: (c, a, r) => {
      const s = createSpec(appOf(c), r.proposal!, r, {
        dryRun: a.dry_run,
        force: a.force,
        approveProposal: a.approve_proposal,
        allowDuplicateTitle: a.allow_duplicate,
      });
      return { ...written(s), proposal: s.proposal, warnings: s.warnings };
    },
  }),
  extend: tool({
    description: 'Write a spec extension that adds or overrides requirements.',
    args: { dry_run },
    request: { schema: ExtensionSchema, what: 'extension', required: ['extends'] },
    run: (c, a, r) => written(extendSpec(appOf(c), r.extends!, r, { dryRun: a.dry_run })),
  }),
  standard: tool({
    description: 'Write an engineering standard.',
    args: { dry_run, allow_duplicate: flag },
    request: { schema: StandardSchema, what: 'standard' },
    run: (c, a, r) =>
      written(createStandard(appOf(c), r, { dryRun: a.dry_run, allowDuplicateTitle: a.allow_duplicate })),
  }),
  requirement_add: tool({
    description: 'Add a requirement with the next free ID to a spec or extension (`doc`).',
    args: { doc: v.string(), dry_run },
    request: { schema: RequirementSchema, what: 'requirement' },
    run: (c, a, r) => {
      const w = addRequirement(appOf(c), a.doc, r, { dryRun: a.dry_run });
      return { ...written(w), id: w.requirementId };
    },
  }),
  status: tool({
    description: 'Move a document along its lifecycle (legal moves only; `by`: successor when superseding).',
    args: { id: v.string(), status: v.string(), by: v.optional(v.string()), dry_run },
    run: (c, a) => {
      const r = changeStatus(appOf(c), a.id, a.status, { dryRun: a.dry_run, by: a.by });
      return { id: r.id, file: r.file, from: r.from, to: r.to, dryRun: r.dryRun };
    },
  }),
  list: tool({
    description: 'List documents with status and links.',
    args: {
      kind: v.optional(v.array(v.picklist(['proposal', 'spec', 'extension', 'standard']))),
      status: strings,
    },
    run: (c, a) => ({
      ...listDocs(appOf(c), {
        ...(a.kind?.length ? { kind: a.kind } : {}),
        ...(a.status?.length ? { status: a.status } : {}),
      }),
    }),
  }),
  show: tool({
    description:
      'A document (with its Markdown) or one requirement, by ID (SPEC-0001/REQ-002) or name (SPEC-0001#Monitoring).',
    args: { id: v.string() },
    run: (c, a) => {
      const { source, ...document } = showDoc(appOf(c), a.id);
      return { document, ...(a.id.includes('/') ? {} : { source }) };
    },
  }),
  validate: tool({
    description: 'Check documents (Papertrail and OpenSpec); ok is false on errors.',
    args: { paths: strings, strict: flag },
    paths: (a) => (a.paths ?? []).map((p) => ['paths', p]),
    run: async (c, a) => {
      const r = await validate(appOf(c), { paths: a.paths, strict: a.strict });
      return { ok: r.ok, summary: r.summary, findings: r.findings };
    },
  }),
  graph: tool({
    description: 'The document and requirement graph.',
    args: {
      format: v.optional(v.picklist(['mermaid', 'dot', 'json'])),
      level: v.optional(v.picklist(['docs', 'requirements', 'all'])),
      focus: v.optional(v.string()),
    },
    run: (c, a) => {
      const app = appOf(c);
      const g = docsGraph(app).graph;
      const opts = { level: a.level ?? 'all', ...(a.focus ? { focus: a.focus } : {}) };
      const format = a.format ?? 'mermaid';
      if (format === 'json') return { format, graph: JSON.parse(graph.toJson(g, opts)) };
      return { format, graph: format === 'dot' ? graph.toDot(g, opts) : graph.toMermaid(g, opts) };
    },
  }),
  trace: tool({
    description:
      'What points at a document or requirement and what it points at; in an implementing repo, its issue, branch and PRs.',
    args: { id: v.string() },
    run: async (c, a) => ({ ...(await traceDoc(appOf(c), a.id)) }),
  }),
  renumber: tool({
    description: 'Fix duplicate document numbers and write missing requirement IDs.',
    args: { dry_run },
    run: (c, a) => ({ ...renumber(appOf(c), { dryRun: a.dry_run }) }),
  }),
  bootstrap: tool({
    description:
      'Create the repo implementing a spec: a git `dir` or on `github`; an existing one gets branch update-spec-SPEC-NNNN (a PR on GitHub).',
    args: {
      spec: v.string(),
      dir: v.optional(v.string()),
      github: v.optional(v.string()),
      repo: v.optional(v.string()),
      standards: strings,
      skip_standards: strings,
      dry_run,
    },
    paths: (a) => [['dir', a.dir]],
    run: async (c, a) => {
      const opts = {
        dir: a.dir,
        github: a.github,
        repo: a.repo,
        standards: a.standards,
        skipStandards: a.skip_standards,
        dryRun: a.dry_run,
      };
      return {
        ...(a.github
          ? await bootstrapGitHub(appOf(c), a.spec, opts)
          : await bootstrap(appOf(c), a.spec, opts)),
      };
    },
  }),
  plan: tool({
    description:
      'In an implementing repo: the tracking issue and one issue per requirement, with blocked-by links. Idempotent; keeps forge edits unless `refresh`.',
    args: { dry_run, refresh: flag, extensions_only: flag },
    run: async (c, a) => {
      const { report, contexts, notices } = await planRepo(appOf(c), {
        dryRun: a.dry_run,
        refresh: a.refresh,
        extensionsOnly: a.extensions_only,
      });
      return { ...report, contexts, table: planTable(report), notices };
    },
  }),
  next: tool({
    description: 'The first open issue whose blockers are all closed.',
    args: {},
    run: async (c) => ({ ...(await nextIssue(appOf(c))) }),
  }),
  implement: tool({
    description:
      'Branch implement/issue-N-slug, a "Resolves #N" commit and a draft PR for an issue (default: next).',
    args: { issue: v.optional(v.pipe(v.number(), v.integer())), base: v.optional(v.string()), dry_run },
    run: async (c, a) => ({
      ...(await implementIssue(appOf(c), { issue: a.issue, base: a.base, dryRun: a.dry_run })),
    }),
  }),
  sync: tool({
    description:
      "Set a spec's implementation status (planned, in-progress, complete) from its plan issues; `dir`: the implementing repo's folder.",
    args: { spec: v.string(), repo: v.optional(v.string()), dir: v.optional(v.string()), dry_run },
    paths: (a) => [['dir', a.dir]],
    run: async (c, a) => ({
      ...(await syncImplementation(appOf(c), {
        specId: a.spec,
        repo: a.repo,
        dir: a.dir,
        dryRun: a.dry_run,
      })),
    }),
  }),
  runbook_new: tool({
    description:
      'Write the implementation runbook (Status: PROPOSED) for a story: STORY-ID, SPEC-NNNN/REQ-NNN or ISSUE-N.',
    args: { story: v.string(), force: flag, dry_run },
    run: async (c, a) => ({
      ...(await runbookNew(appOf(c), { story: a.story, force: a.force, dryRun: a.dry_run })),
    }),
  }),
  runbook_review: tool({
    description:
      "Run the governance panel's rules on a runbook; writes its findings and ticks roles without blocking ones.",
    args: { id: v.string(), ai: flag, dry_run },
    paths: (a) => [['id', runbookPath(a.id)]],
    run: async (c, a) => ({
      ...(await runbookReview(appOf(c), { id: a.id, ai: a.ai, dryRun: a.dry_run })),
    }),
  }),
  runbook_accept: tool({
    description:
      'Mark a runbook ACCEPTED (refused while a blocking finding or unticked box remains, unless `override` gives the reason).',
    args: { id: v.string(), override: v.optional(v.string()), dry_run },
    paths: (a) => [['id', runbookPath(a.id)]],
    run: async (c, a) => ({
      ...(await runbookAccept(appOf(c), { id: a.id, override: a.override, dryRun: a.dry_run })),
    }),
  }),
  governance_init: tool({
    description:
      'Write a starter constitution and the .agent/rules/ enforcing it where the workspace has none; never overwrites.',
    args: { dry_run },
    run: (c, a) => ({ ...governanceInit(appOf(c), { dryRun: a.dry_run }) }),
  }),
  check: tool({
    description: "Check specs, plans and runbooks against the constitution's articles; the gate table.",
    args: { constitution: v.optional(v.string()) },
    paths: (a) => [['constitution', a.constitution]],
    run: (c, a) => ({ ...constitutionCheck(appOf(c), { file: a.constitution }) }),
  }),
  work_schedule: tool({
    description: 'Work items from the plan; queue the steps that start now, in launch order.',
    args: { dry_run },
    run: async (c, a) => scheduleReport(await workBackend(appOf(c)).schedule({ dryRun: a.dry_run })),
  }),
  work_list: tool({
    description: 'Every work item: status, step, attempt, executor, lease, gates, blockers.',
    args: {},
    run: async (c) => ({ items: await workBackend(appOf(c)).list() }),
  }),
  work_claim: tool({
    description: 'Claim the next ready step: its attempt, fencing token, lease and handoff.',
    args: { executor: v.string(), lease_seconds: v.optional(v.pipe(v.number(), v.minValue(0.001))) },
    run: async (c, a) => ({
      claimed: await workBackend(appOf(c)).claim({
        executor: a.executor,
        ...(a.lease_seconds ? { leaseSeconds: a.lease_seconds } : {}),
      }),
    }),
  }),
  work_heartbeat: tool({
    description: "Renew a claimed step's lease before it runs out.",
    args: {
      attempt,
      token: v.pipe(v.number(), v.integer()),
      lease_seconds: v.optional(v.pipe(v.number(), v.minValue(0.001))),
    },
    run: async (c, a) => ({
      ...(await workBackend(appOf(c)).heartbeat({
        attempt: String(a.attempt),
        token: a.token,
        ...(a.lease_seconds ? { leaseSeconds: a.lease_seconds } : {}),
      })),
    }),
  }),
  work_complete: tool({
    description: 'Finish a claimed step; its gates open or the next steps queue.',
    args: {
      attempt,
      token: v.pipe(v.number(), v.integer()),
      summary: v.optional(v.string()),
    },
    run: async (c, a) => {
      // Where the files went and who queues what follows are the CLI's to say: the schema has no room.
      const {
        scheduleNext: _,
        written: __,
        ...r
      } = await workBackend(appOf(c)).complete({
        attempt: String(a.attempt),
        token: a.token,
        ...(a.summary ? { summary: a.summary } : {}),
      });
      return r;
    },
  }),
  work_fail: tool({
    description: 'Give up a claimed step, saying why; retried while retries remain.',
    args: {
      attempt,
      token: v.pipe(v.number(), v.integer()),
      reason: v.string(),
    },
    run: async (c, a) => {
      const { written: _, ...r } = await workBackend(appOf(c)).fail({
        attempt: String(a.attempt),
        token: a.token,
        reason: a.reason,
      });
      return r;
    },
  }),
  ops_start: tool({
    description:
      'Start and run a template, or the one an intent picks; high risk in prod waits for approval.',
    args: {
      template: v.optional(v.string()),
      intent: v.optional(v.string()),
      input: v.optional(v.record(v.string(), v.string())),
      env: v.optional(v.picklist(['dev', 'staging', 'prod'])),
      dry_run,
    },
    run: async (c, a) => {
      const [{ planRunWithModel, startRun }, { opsDeps }] = await Promise.all([
        import('../../app/ops/index.js'),
        import('../wiring/index.js'),
      ]);
      const req = {
        ...(a.template ? { template: a.template } : {}),
        ...(a.intent ? { intent: a.intent } : {}),
        input: a.input ?? {},
        ...(a.env ? { env: a.env } : {}),
      };
      const deps = await opsDeps();
      if (a.dry_run) return { dryRun: true, plan: await planRunWithModel(appOf(c), req, deps) };
      const r = await startRun(appOf(c), req, deps, c.signal ? { signal: c.signal } : {});
      return { dryRun: false, plan: r.plan, run: r.run };
    },
  }),
  ops_list: tool({
    description: 'Runs, newest first.',
    args: {
      env: v.optional(v.string()),
      kind: v.optional(v.string()),
      status: v.optional(v.string()),
    },
    run: async (c, a) => {
      const { listOpsRuns } = await import('../../app/ops/index.js');
      return {
        runs: await listOpsRuns(appOf(c), {
          ...(a.env ? { env: a.env } : {}),
          ...(a.kind ? { kind: a.kind } : {}),
          ...(a.status ? { status: a.status } : {}),
        }),
      };
    },
  }),
  ops_show: tool({
    description: 'A run: phases, gates, artifacts, approvals, last log lines.',
    args: { run: v.string() },
    run: async (c, a) => {
      const { showRun } = await import('../../app/ops/index.js');
      const { events, ...run } = await showRun(appOf(c), a.run, { limit: 200 });
      return { run, events };
    },
  }),
};

/** The tools as the server lists them: TOOL_NAMES's order, read-only as READ_ONLY_TOOLS says. */
export const TOOLS: ToolDef[] = TOOL_NAMES.map((name) => TABLE[name](name, READ_ONLY_TOOLS.includes(name)));
