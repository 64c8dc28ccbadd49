export type { GitHubForge, GitHubForgeOptions, GitHubProgress } from './github.js';
export { LocalForge } from './local.js';
export type {
  ForgeIssue,
  ForgeLabel,
  ForgeLinks,
  ForgePort,
  ForgePullRequest,
  IssuePatch,
  IssueState,
  NewPullRequest,
} from './port.js';
