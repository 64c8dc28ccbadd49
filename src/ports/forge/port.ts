// The forge port: what plan, next and implement need from wherever issues and pull requests live.
// `local` keeps them in the store beside a real git repository; `github` talks REST. Nothing above
// this interface knows which one it has.

export interface ForgeLabel {
  name: string;
  /** Six hex digits, no #. */
  color: string;
  description: string;
}

export type IssueState = 'open' | 'closed';

export interface ForgeIssue {
  number: number;
  /** The forge-wide database id; GitHub's sub-issue and dependency endpoints take this, not the number. */
  id: number;
  title: string;
  body: string;
  state: IssueState;
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  /**
   * How many issues block this one, where the forge says (GitHub's `issue_dependencies_summary`): a
   * re-plan skips reading the blockers of an issue that has none. Undefined: unknown, read them.
   */
  blockedByCount?: number;
}

export interface IssuePatch {
  title?: string;
  body?: string;
  state?: IssueState;
  stateReason?: 'completed' | 'not_planned' | null;
  labels?: string[];
}

/** What opening a pull request takes. */
export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

export interface ForgePullRequest extends NewPullRequest {
  number: number;
  state: IssueState;
  /** Closed by a merge (not just closed); unknown where the forge does not say. */
  merged?: boolean;
  /** The head commit, where the forge says (GitHub): a merge can require the head still be this one. */
  headSha?: string;
  /** The pull request's web page, where the forge has one (GitHub's `html_url`). */
  url?: string;
}

/** Files to commit on a branch of the forge, made from `base` when it does not exist yet. */
export interface BranchCommit {
  branch: string;
  /** The branch a new `branch` starts from; the repository's default branch without it. */
  base?: string;
  message: string;
  /** A file whose content is null is deleted; files not named keep their content. */
  files: { path: string; content: string | Uint8Array | null; executable?: boolean }[];
  /** Commit even when the tree does not change (the first commit of an implementation branch). */
  allowEmpty?: boolean;
}

/** The branch's head after a commit; `changed` is false when the files already were so (no commit made). */
export interface BranchCommitResult {
  sha: string;
  changed: boolean;
  createdBranch: boolean;
}

/** What merging a pull request on the forge takes. */
export interface MergeRequest {
  /** Merge only if the head is still this commit (the one whose checks were read). */
  sha?: string;
  /** The merge commit's title; the forge's own default without it. */
  title?: string;
}

/** A merge made by the forge, or found made already (a re-run after a lost answer). */
export interface ForgeMerge {
  number: number;
  /** The merge commit, where the forge says. */
  commit: string | null;
  /** True when the pull request was merged before this call. */
  already: boolean;
}

/**
 * One CI check of a commit: a GitHub check run or commit status, or a command the local forge ran.
 * `conclusion` is null until `status` is completed; GitHub's conclusions are kept as GitHub says them
 * (success, failure, neutral, cancelled, skipped, timed_out, action_required), and a commit status
 * in error reads as `error`.
 */
export interface ForgeCheck {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  url?: string;
  /** ISO 8601. */
  startedAt?: string;
  completedAt?: string;
  source: 'check-run' | 'status';
}

/** An open security alert of a dependency (GitHub's Dependabot alerts), as the security split reads it. */
export interface ForgeSecurityAlert {
  number: number;
  /** The package, as its ecosystem names it. */
  name: string;
  /** `npm`, `pip`, … as GitHub says. */
  ecosystem: string;
  /** The manifest that declares it, relative to the repository's root (`package.json`). */
  manifest: string;
  /** `direct`, `transitive`, `inconclusive` or `unknown`; null where GitHub does not say. */
  relationship: string | null;
  severity: string;
  /** The first version without the vulnerability; null when there is none yet. */
  patched: string | null;
  /** The alert's web page. */
  url: string;
}

/** Every sub-issue and blocked-by link of a repository, by parent and by blocked issue. */
export interface ForgeLinks {
  subIssues: Map<number, number[]>;
  blockedBy: Map<number, number[]>;
}

/**
 * Every adapter has every method: what a forge cannot do is said by the forge, never by a missing
 * method. Where the work happens differs, and each adapter declares it, so the app can choose before
 * it touches anything:
 * - `branches`: `forge` makes a new branch on the forge itself (GitHub's API, `startBranch`);
 *   `workspace` gets its branches from git in the workspace, and its `startBranch` refuses.
 * - `review`: `forge` marks pull requests ready and merges them on the forge (GitHub's web page);
 *   `papertrail` has no page for it, so papertrail does both (`markReady`, `recordMerge`), which
 *   refuse on a `forge` one.
 * A refusal is a PtError with code `forge/unsupported`, the same as for a link kind a server lacks.
 */
export interface ForgePort {
  readonly kind: 'local' | 'github';
  /** `owner/name` of the repository the forge works on. */
  readonly repo: string;
  readonly branches: 'forge' | 'workspace';
  readonly review: 'forge' | 'papertrail';
  listLabels(): Promise<ForgeLabel[]>;
  createLabel(label: ForgeLabel): Promise<void>;
  updateLabel(label: ForgeLabel): Promise<void>;
  /** Issues (not pull requests) carrying `label`, in every state. */
  listIssues(query: { label: string }): Promise<ForgeIssue[]>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<ForgeIssue>;
  updateIssue(number: number, patch: IssuePatch): Promise<ForgeIssue>;
  comment(number: number, body: string): Promise<void>;
  /**
   * Numbers of the sub-issues of `parent`. This and addSubIssue throw `forge/unsupported` where the
   * forge has no sub-issues (GitHub Enterprise Server up to 3.19 at least).
   */
  listSubIssues(parent: number): Promise<number[]>;
  addSubIssue(parent: number, child: ForgeIssue): Promise<void>;
  /**
   * Numbers of the issues that block `number`. The three blocked-by calls throw `forge/unsupported`
   * where the forge has no issue dependencies (GitHub Enterprise Server 3.17 and 3.18).
   */
  listBlockedBy(number: number): Promise<number[]>;
  addBlockedBy(number: number, blocker: ForgeIssue): Promise<void>;
  /** Removes the link "`number` is blocked by `blocker`"; a link that is not there is no error. */
  removeBlockedBy(number: number, blocker: ForgeIssue): Promise<void>;
  /**
   * Every link of the repository in one read, or null where the forge has no such read (GitHub): the
   * caller then reads each issue's links with listSubIssues and listBlockedBy.
   */
  listLinks(): Promise<ForgeLinks | null>;
  /**
   * Runs a group of calls as one unit where the forge can (the local forge: one transaction); a forge
   * without transactions (GitHub) runs them one by one, as they come.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  listPullRequests(): Promise<ForgePullRequest[]>;
  createPullRequest(pr: NewPullRequest): Promise<ForgePullRequest>;
  /**
   * Creates a branch with one empty commit on the forge itself, and returns the commit, or null when
   * the branch exists. Only where `branches` is `forge`.
   */
  startBranch(branch: string, base: string, message: string): Promise<string | null>;
  /**
   * One commit with `files` on `branch` of the forge itself (GitHub's git data API), the branch made
   * from `base` when absent; a re-run with the same files commits nothing. Only where `branches` is
   * `forge`.
   */
  commitFiles(c: BranchCommit): Promise<BranchCommitResult>;
  /**
   * The CI checks of `ref` (a pull request's head commit or branch), the latest run of each name:
   * GitHub's check runs and commit statuses, or the commands recorded on the local forge. Sorted by
   * name, then source.
   */
  listChecks(ref: string): Promise<ForgeCheck[]>;
  /**
   * The repository's open Dependabot alerts, every page. Only on GitHub; the local forge has none and
   * refuses. Alerts turned off, or a token without access to them, is `forge/dependabot-unavailable`.
   */
  listSecurityAlerts(): Promise<ForgeSecurityAlert[]>;
  /** Marks a draft pull request ready for review. Only where `review` is `papertrail`. */
  markReady(number: number): Promise<ForgePullRequest>;
  /**
   * Records a merge made with git in the workspace: the pull request is closed as merged. Only where
   * `review` is `papertrail`; GitHub merges by itself and closes the issues a merge resolves.
   */
  recordMerge(number: number): Promise<ForgePullRequest>;
  /**
   * Merges a pull request on the forge itself (GitHub's merge API, under its branch protection). Only
   * where `review` is `forge`; the local forge merges with git in the workspace and `recordMerge`.
   * One already merged is no error (`already`). Refusals: `forge/not-mergeable` (a draft, conflicts,
   * a protection rule unmet) and `forge/head-changed` (the head is not `sha` any more); nothing merged.
   */
  mergePullRequest(number: number, req: MergeRequest): Promise<ForgeMerge>;
}
