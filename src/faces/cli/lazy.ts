// What the full CLI loads only when a verb runs, in one list, so that the call graph reads from here:
// each loader is a module (with all it imports) that start-up should not parse, neither for `--help`
// nor for a verb that does not use it. esbuild makes each one a chunk loaded on first call. The
// verbs' own modules and the small helpers they share are imported statically; importing the
// application statically would have every command, `--help` included, parse it.
// Not for `validate`: dist/validate.js is one file, into which this list would pull every verb
// (commands/validate.ts loads its few modules itself).

// The application: the workspace, the documents, the forge.
export const context = () => import('../../app/kernel/context.js');
export const createDoc = () => import('../../app/kernel/write/create-doc.js');
export const inputs = () => import('../../app/workflow/inputs.js');
export const inputFile = () => import('../../app/workflow/input-file.js');
export const init = () => import('../../app/workflow/init.js');
export const assistant = () => import('../../app/workflow/assistant/index.js');
export const propose = () => import('../../app/workflow/propose.js');
export const spec = () => import('../../app/workflow/spec.js');
export const extend = () => import('../../app/workflow/extend.js');
export const standard = () => import('../../app/workflow/standard.js');
export const requirementAdd = () => import('../../app/workflow/requirement-add.js');
export const status = () => import('../../app/workflow/status.js');
export const list = () => import('../../app/workflow/list.js');
export const show = () => import('../../app/workflow/show.js');
export const renumber = () => import('../../app/workflow/renumber.js');
export const graphDocs = () => import('../../app/workflow/graph-docs.js');
export const trace = () => import('../../app/workflow/trace.js');
export const traceWork = () => import('../../app/workflow/trace-work.js');
export const bootstrap = () => import('../../app/workflow/bootstrap/index.js');
// How the app's notes (a wait, a side failure) are said on stderr.
export const notes = () => import('./notes.js');
export const plan = () => import('../../app/workflow/plan/index.js');
export const implement = () => import('../../app/workflow/implement.js');
export const issueState = () => import('../../app/workflow/issue-state.js');
export const pullRequest = () => import('../../app/workflow/pull-request.js');
export const checksRun = () => import('../../app/workflow/checks-run.js');
export const checksList = () => import('../../app/workflow/checks-list.js');
export const sync = () => import('../../app/workflow/sync.js');
export const planUpkeep = () => import('../../app/workflow/plan-upkeep.js');
export const governance = () => import('../../app/governance/index.js');
export const ops = () => import('../../app/ops/index.js');
export const opsDeps = () => import('../wiring/index.js');
export const runners = () => import('../../app/runners/index.js');

// The domain parts a verb renders with: the graph, the governance rules, SARIF (the lint catalogue).
export const graph = () => import('../../domain/graph/index.js');
export const governanceRules = () => import('../../domain/governance/index.js');
export const lint = () => import('../../domain/lint/index.js');

// The interviews: clack and the questions of each verb.
export const clack = () => import('@clack/prompts');
export const prosePrompt = () => import('./interview/prose-prompt.js');
export const asker = () => import('./interview/asker.js');
export const proposeInterview = () => import('./interview/propose.js');
export const specInterview = () => import('./interview/spec.js');
export const extendInterview = () => import('./interview/extend.js');
export const standardInterview = () => import('./interview/standard.js');
export const requirementInterview = () => import('./interview/requirement.js');
export const standardsInterview = () => import('./interview/standards.js');

// The MCP server (its SDK and every tool).
export const mcp = () => import('../mcp/index.js');

// The execution engine (the work, gate, audit and export verbs): the only verbs that load the store's
// execution tables.
export const execution = () => import('../../app/execution/index.js');
// `work list` alone: a read of one plan, which the rest of the engine (claims, gates, the runner) is not.
export const workList = () => import('../../app/execution/work-list.js');

// The HTTP server (hono, pino, prom-client, the webhook verifier): only `serve` loads it.
export const http = () => import('../http/index.js');
// API tokens.
export const access = () => import('../../app/access/index.js');
