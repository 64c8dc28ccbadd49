export { actionsOf } from './actions.js';
export type {
  ActionsPort,
  ActionsRunner,
  ActionsStatus,
  DeploymentState,
  RunnerStatus,
  WorkflowDispatch,
  WorkflowJobInfo,
  WorkflowRunInfo,
} from './actions-port.js';
export type { GitHubForge, GitHubForgeOptions, GitHubProgress, GitHubRateLimit } from './github.js';
export { LocalForge } from './local.js';
export { type FinishedCheck, OUTPUT_TAIL_CHARS, outputTail, type StartedCheck } from './local-checks.js';
export {
  dropSnapshot,
  type ForgeReads,
  readSnapshot,
  type SnapshotPlace,
  snapshotFileOf,
  snapshotPlace,
  writeSnapshot,
} from './local-snapshot.js';
export type {
  BranchCommit,
  BranchCommitResult,
  ForgeCheck,
  ForgeIssue,
  ForgeLabel,
  ForgeLinks,
  ForgeMerge,
  ForgePort,
  ForgePullRequest,
  ForgeSecurityAlert,
  IssuePatch,
  IssueState,
  MergeRequest,
  NewPullRequest,
} from './port.js';
