// The slash commands (/pt-propose … /pt-implement, and /pt-runbook) as scripts for an AI assistant. One text
// serves three front-ends: the MCP server's prompts and the agent skills of Claude Code and VS Code.
// Papertrail does every exact step (IDs, files, validation, issues); the script makes the assistant
// interview the user, dry-run, show the summary and ask before any write.

export type CommandName = 'propose' | 'spec' | 'bootstrap' | 'plan' | 'implement' | 'runbook';
/** Which repository a command belongs in: the decisions workspace or the implementing repository. */
export type RepoRole = 'decisions' | 'implementing';

export interface SlashCommand {
  name: CommandName;
  description: string;
  role: RepoRole;
  argument: { name: string; hint: string } | null;
  /** The Papertrail tools the script calls; the command is offered only where all of them exist. */
  tools: string[];
  /**
   * What the assistant also needs in the editor besides Papertrail: VS Code's built-in tool sets
   * `read`, `search`, `edit` and `execute` (whose tools are named `execute/runInTerminal` and so on).
   */
  editorTools: string[];
  body: (arg: string) => string;
}

/**
 * Skills are named `pt-<command>`: a bare `/plan` or `/init` would collide with the assistants' own
 * commands (Claude Code's /plan, /review, /init…), and a skill shadows or is shadowed by one of the same name.
 */
export const SKILL_PREFIX = 'pt-';
export const skillName = (name: CommandName) => `${SKILL_PREFIX}${name}`;
/** How the user starts a command: the skill's slash command. */
const slash = (name: CommandName) => `/${skillName(name)}`;

/**
 * The tools the MCP server has, by name (= the CLI verbs), in the order it lists them: the server
 * builds its tool list from this one (src/faces/mcp/tools.ts has one entry per name, checked by the
 * compiler), so the slash commands never name a tool the server lacks.
 */
export const TOOL_NAMES = [
  'init',
  'propose',
  'spec',
  'extend',
  'standard',
  'requirement_add',
  'status',
  'list',
  'show',
  'validate',
  'graph',
  'trace',
  'renumber',
  'bootstrap',
  'plan',
  'next',
  'implement',
  'sync',
  'runbook_new',
  'runbook_review',
  'runbook_accept',
  'governance_init',
  'check',
  'work_schedule',
  'work_list',
  'work_claim',
  'work_heartbeat',
  'work_complete',
  'work_fail',
  'ops_start',
  'ops_list',
  'ops_show',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** The tools that never write: the MCP server marks them read-only (readOnlyHint). */
export const READ_ONLY_TOOLS: readonly string[] = [
  'list',
  'show',
  'validate',
  'graph',
  'trace',
  'next',
  'check',
  'work_list',
  'ops_list',
  'ops_show',
] satisfies readonly ToolName[];

/**
 * Whether the assistant may start a command on its own. Only one whose tools all only read: anything that
 * writes documents, issues, branches or pull requests is started by a person.
 */
export function modelInvocable(c: SlashCommand): boolean {
  return c.tools.every((t) => READ_ONLY_TOOLS.includes(t));
}

const RULES = `Rules:
- Ask ONE question at a time and wait for the answer; suggest a default when you can.
- Never create or edit Papertrail documents or issues by hand: the \`papertrail\` MCP tools do every write.
  (Without them, run the same verb in a terminal: \`papertrail <verb> --from request.json --dry-run --json\`.)
- Call a writing tool with \`dry_run: true\` first, show the summary, ask the confirmation question, and call
  it again with the same input and \`dry_run: false\` only after the user says yes.
- A tool error carries a code, a message and a hint: show them, fix the input with the user, dry-run again.`;

const argLine = (arg: string) => (arg.trim() ? arg.trim() : '(none)');

const propose: SlashCommand = {
  name: 'propose',
  description: 'Write a proposal with Papertrail: interview, summary, then create PROP-NNNN',
  role: 'decisions',
  argument: { name: 'problem', hint: 'Optional: the problem in a sentence' },
  tools: ['propose', 'list'],
  editorTools: ['read', 'search'],
  body: (arg) => `Help the user write a new Papertrail proposal.

Argument: ${argLine(arg)} (if given, it is the answer to question 1; confirm it).

Interview, in this order:
1. **What problem are you trying to solve?**
2. **What title would you like for this proposal?** Keep it short and descriptive.
3. **What are the goals of this proposal?** What must it achieve to be considered successful?
4. **What are the non-goals?** What's explicitly out of scope?
5. **What options have you considered?** Then for each one: **Option N: <title>** - what are the pros and cons?
6. **What's your recommendation?**

Then call \`propose\` with \`dry_run: true\` and
\`{title, problem, goals: [...], non_goals: [...], options: [{title, pros: [...], cons: [...]}], recommendation}\`.
Show, with the ID and file from the result:

## Proposal Summary
**ID:** … **Title:** … **Problem:** (one or two sentences) **Goals:** … **Non-Goals:** … **Recommendation:** …

Ask: **Ready to create \`<file>\`?** On yes, call \`propose\` with \`dry_run: false\` and say "Created \`<file>\`",
then: "The proposal is ready for review. Once approved, use \`${slash('spec')} <ID>\` to create the technical specification."
On \`doc/duplicate-title\` offer: A) a different title, B) review the existing proposal first, or
C) continue anyway (\`allow_duplicate: true\`).

${RULES}
`,
};

const spec: SlashCommand = {
  name: 'spec',
  description: 'Write a spec for a proposal: repositories, SHALL requirements, GIVEN/WHEN/THEN scenarios',
  role: 'decisions',
  argument: { name: 'proposal', hint: 'Proposal ID, e.g. PROP-0001' },
  tools: ['spec', 'show', 'list'],
  editorTools: ['read', 'search'],
  body: (arg) => `Help the user write the specification that implements a proposal.

Argument: ${argLine(arg)} (the proposal ID; if missing, call \`list\` with \`kind: ["proposal"]\` and ask which).

1. Call \`show\` with the proposal ID and read it. If its status is not \`approved\`, ask whether to approve it
   first (\`approve_proposal: true\`), continue anyway (\`force: true\`), or stop.
2. **What repositories will implement this spec?** List the org/repo names.
3. Requirements, one at a time, starting with **What's the first requirement?**
   - Make the answer concrete: a short name and a statement with SHALL ("The system SHALL …").
   - Then the scenario, one question each: **Given what initial state?** **When what happens?**
     **Then what should occur?** Name the scenario.
   - Ask whether it depends on an earlier requirement (its name goes into \`depends_on\`).
   - Show it back as "**Requirement: <name>** / statement / **Scenario: <name>** - GIVEN … - WHEN … - THEN …",
     then ask **What's the next requirement?** until the user is done.
4. **Does this spec depend on any other specs?** (SPEC IDs, or none.)

Call \`spec\` with \`dry_run: true\` and \`{proposal, implementations: ["org/repo"], requirements: [{name, statement,
scenarios: [{name, given, when, then}], depends_on: [...]}], depends_on: [...]}\`. Show:

## Spec Summary
**ID:** … **Title:** … **Implements:** … **Implementations:** … **Requirements:** a numbered list "Name - gist".

Ask: **Ready to create \`<file>\`?** On yes, call \`spec\` with \`dry_run: false\`, say "Created \`<file>\`", show any
warnings, then: "The spec is ready. Use \`${slash('bootstrap')} <ID>\` to create the implementing repository."

${RULES}
`,
};

const bootstrap: SlashCommand = {
  name: 'bootstrap',
  description: 'Create the repository that implements a spec, with its spec, standards and assistant files',
  role: 'decisions',
  argument: { name: 'spec', hint: 'Spec ID, e.g. SPEC-0001' },
  tools: ['bootstrap', 'show', 'list'],
  editorTools: ['read', 'search'],
  body: (arg) => `Bootstrap the repository that implements a spec.

Argument: ${argLine(arg)} (the spec ID; if missing, call \`list\` with \`kind: ["spec"]\` and ask which).

1. Call \`show\` with the spec ID and read it. If it lists several implementing repositories, ask which
   (\`repo\`). Ask where the repository folder should be (suggest \`../<repository name>\`; \`dir\`).
2. Call \`bootstrap\` with \`dry_run: true\`. Show:

## Bootstrap Summary
**Spec:** ID (title) **Extensions Found:** count **Applicable Standards:** count, each "ID: title (why)"
| Repository | Status | Action | (one row: repo, new/exists, Create / Update on branch / Up to date)
**Files to Scaffold:** the files whose action is create or update.

3. Ask: **Do you want me to proceed with the bootstrap?** On yes, call \`bootstrap\` with \`dry_run: false\` and show
   "Bootstrap Complete": repository, status, folder, commit, files. Next steps: 1. Open the folder in the
   editor. 2. Run \`${slash('plan')}\` to create issues from the spec. 3. Use \`${slash('implement')}\` to start on the first issue.

${RULES}
`,
};

const plan: SlashCommand = {
  name: 'plan',
  description: 'Create the tracking issue and one issue per requirement, with "blocked by" links',
  role: 'implementing',
  argument: null,
  tools: ['plan'],
  editorTools: ['read', 'search'],
  body: () => `Create the issues for the spec of this repository (\`.github/spec/spec.md\` and its extensions).

1. Call \`plan\` with \`dry_run: true\`. Say "Found <spec>: <title> with N requirements", then show the result's
   \`table\` (| # | Title | Type | Dependencies | and the dependency graph).
2. Ask: **Create these issues?** On yes, call \`plan\` with \`dry_run: false\` and show "Plan Complete" with the
   issue table and dependency graph from the result.
3. Next: "Run \`${slash('implement')}\` to start working on the first available issue."

Planning is idempotent: a re-run creates nothing twice and only updates what changed.

${RULES}
`,
};

const implement: SlashCommand = {
  name: 'implement',
  description: 'Start the next unblocked issue: branch, "Resolves #N" commit, draft PR, then implement it',
  role: 'implementing',
  argument: { name: 'issue', hint: 'Optional issue number' },
  tools: ['implement', 'next'],
  editorTools: ['read', 'search', 'edit', 'execute'],
  body: (arg) => `Implement the next requirement of this repository's spec.

Argument: ${argLine(arg)} (an issue number; if none, call \`next\`: it names the first issue whose blockers are
all closed, or says what is waiting).

1. Read the issue's requirement and its scenarios in \`.github/spec/\` and the standards in \`.github/standards/\`.
2. Call \`implement\` with \`dry_run: true\` (and \`issue\` when given). Ask: **Ready to create branch \`<branch>\`
   and the draft PR "<title>"?** On yes, call \`implement\` with \`dry_run: false\`.
3. Plan the change and show the plan; ask when something is unclear, offering options. Wait for a yes.
4. Write a test per scenario (name it after the requirement ID), implement, keep README.md true. Show the
   commit plan (conventional commits) before committing; the work resolves the issue ("Resolves #N").

${RULES}
`,
};

const runbook: SlashCommand = {
  name: 'runbook',
  description:
    'Write the implementation runbook for an issue, have the governance panel review it, accept it',
  role: 'implementing',
  argument: { name: 'issue', hint: 'Issue number or requirement ID' },
  tools: ['runbook_new', 'runbook_review', 'runbook_accept', 'next'],
  editorTools: ['read', 'search'],
  body: (
    arg,
  ) => `Turn an issue's requirement into an implementation runbook that the governance panel reviews.

Argument: ${argLine(arg)} (an issue number or requirement ID; if none, call \`next\`).

1. Call \`runbook_new\` with \`dry_run: true\`. Show the runbook: Goal Description, Compliance Checklist,
   Proposed Changes, Verification Plan. Ask: **Ready to create \`<file>\`?** On yes, call it with
   \`dry_run: false\`.
2. Call \`runbook_review\`. Show each panel role's verdict (@Architect, @Security, @QA, @Docs, @Compliance,
   @Observability) and its findings; help the user address them, then review again.
3. Accepting is the team's decision: only when the user says the team accepts it, call \`runbook_accept\` with
   \`dry_run: true\`, ask **Accept the runbook?**, then call it with \`dry_run: false\`. \`${slash('implement')}\` then links it.

${RULES}
`,
};

export const COMMANDS: readonly SlashCommand[] = [propose, spec, bootstrap, plan, implement, runbook];

/** The commands whose tools all exist. */
export function availableCommands(tools: Iterable<string> = TOOL_NAMES): SlashCommand[] {
  const have = new Set(tools);
  return COMMANDS.filter((c) => c.tools.every((t) => have.has(t)));
}
