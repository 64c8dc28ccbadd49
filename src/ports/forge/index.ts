export type { GitHubForge, GitHubForgeOptions, GitHubProgress } from './github.js';
export { LocalForge } from './local.js';
export { type FinishedCheck, OUTPUT_TAIL_CHARS, outputTail, type StartedCheck } from './local-checks.js';
export type {
  ForgeCheck,
  ForgeIssue,
  ForgeLabel,
  ForgeLinks,
  ForgePort,
  ForgePullRequest,
  IssuePatch,
  IssueState,
  NewPullRequest,
} from './port.js';
