// The control room's engine: runs from templates, their live log, gates that follow the forge's
// checks, artifacts, and risk-based approval. What the CLI, MCP and the HTTP server call; every
// result is plain JSON.

export { gateStatusOfCheck } from '../../domain/ops/index.js';
export { type ApproveRequest, type ApproveResult, approveRun, expireApprovals } from './approve.js';
export { cancelRun } from './cancel.js';
export { NO_DEPS, type OpsCheckRun, type OpsDeps, type OpsVerb, type VerbOutcome } from './deps.js';
export { type ExecuteOptions, executeRun } from './execute.js';
export { type GatePollResult, pollGates } from './gate-poll.js';
export {
  followRunGates,
  type GatePoller,
  type GatePollerOptions,
  POLLER_LOCK,
  pollingOn,
  startGatePoller,
} from './gate-poller.js';
export {
  type CheckReport,
  updateGateFromCheck,
  updateGatesForPull,
  updateGatesFromDelivery,
} from './gate-update.js';
export { onRunChange, type RunChange } from './notify.js';
export { nextPollDelay } from './poll-delay.js';
export {
  type DeployStat,
  deployStats,
  followRun,
  type ListRequest,
  listOpsRuns,
  runCounts,
  runEvents,
  showRun,
} from './show.js';
export {
  planRun,
  planRunWithModel,
  type RunPlanView,
  type StartRequest,
  type StartResult,
  startRun,
} from './start.js';
export { type RunLogLine, runLogHead, runLogPage, runState } from './stream.js';
export { opsTemplates, TEMPLATES_DIR, type TemplateSummary } from './templates.js';
export type { EventView, GateView, RunSummary, RunView, StepState } from './view.js';
