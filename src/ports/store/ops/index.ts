// The control room's state: runs, their log lines, gates, artifacts and approvals. Every state change
// appends to the audit chain in its own transaction; log lines do not (they are the run's output, not
// a decision).

export {
  APPROVAL_GATE,
  type ApprovalOutcome,
  expireApproval,
  recordApproval,
  runApprovals,
} from './approvals.js';
export {
  activeDeployOf,
  addDeployDetection,
  DEPLOY_STALE_MS,
  type DeployDecision,
  deployHeartbeat,
  deploysAhead,
  enqueueDeploy,
  finishDeploy,
  finishedDeploys,
  recordDeployDecision,
  releaseStaleDeploys,
  takeDeployTurn,
} from './deploys.js';
export {
  appendRunEvents,
  lastRunEventId,
  type NewRunEvent,
  runEventsPage,
  runEventsSince,
} from './events.js';
export {
  addArtifacts,
  addGates,
  type GateChange,
  runArtifacts,
  runGates,
  setGate,
  setPullGates,
} from './gates.js';
export { type RunParts, runParts } from './run-parts.js';
export {
  countRunsByStatus,
  createRun,
  getRun,
  isFinished,
  listRuns,
  moveRun,
  type NewRun,
  overdueRuns,
  type RunFilter,
  runsByPrefix,
} from './runs.js';
