export type { GitHubForge, GitHubForgeOptions, GitHubProgress } from './github.js';
export { LocalForge } from './local.js';
export { MemoryForge } from './memory.js';
export type {
  ForgeIssue,
  ForgeLabel,
  ForgePort,
  ForgePullRequest,
  IssuePatch,
  IssueState,
  NewPullRequest,
} from './port.js';
