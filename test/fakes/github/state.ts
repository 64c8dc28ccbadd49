// The fake's in-memory world: repositories with their labels, issues, pulls and git objects, and
// GitHub Actions (runners, workflow runs and jobs, deployments).
import { ActionsWorld } from './actions.js';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CommentRecord {
  id: number;
  body: string;
  created_at: string;
}

export interface PullRecord {
  id: number;
  head: string;
  base: string;
  draft: boolean;
  maintainer_can_modify: boolean;
  /** Set by the merge endpoint. */
  merged_at?: string | null;
  merge_commit_sha?: string | null;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
}

/** A commit status: one per POST; the combined status shows the latest of each context. */
export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  target_url: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  labels: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: CommentRecord[];
  /** Database ids, as GitHub's relationship endpoints use them. */
  parentId: number | null;
  subIssueIds: number[];
  blockedByIds: number[];
  pull: PullRecord | null;
}

export type GitObject =
  | { type: 'blob'; sha: string; content: Buffer }
  | { type: 'tree'; sha: string; entries: TreeEntry[] }
  | {
      type: 'commit';
      sha: string;
      tree: string;
      parents: string[];
      message: string;
      author: GitPerson;
      committer: GitPerson;
    };

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  ownerType: 'User' | 'Organization';
  name: string;
  description: string | null;
  homepage: string | null;
  visibility: 'public' | 'private' | 'internal';
  default_branch: string;
  has_issues: boolean;
  created_at: string;
  updated_at: string;
  labels: Map<string, LabelRecord>;
  /** Issues and pulls share one number sequence: issues[n - 1] is number n. */
  issues: IssueRecord[];
  objects: Map<string, GitObject>;
  refs: Map<string, string>;
  checkRuns: CheckRunRecord[];
  statuses: StatusRecord[];
  /** Dependabot alerts as GitHub answers them (`dependabot-alert`); tests seed them. */
  dependabotAlerts: Record<string, unknown>[];
  /** False: the repository has Dependabot alerts turned off, and reading them is 403. */
  dependabotEnabled: boolean;
}

export class FakeState {
  readonly repos = new Map<string, RepoRecord>();
  readonly actions: ActionsWorld = new ActionsWorld(this);
  private lastId = 1_000_000;

  constructor(
    readonly login: string,
    readonly userId: number,
    readonly now: () => Date,
  ) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** GitHub timestamps have second precision. */
  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addRepo(repo: RepoRecord): void {
    this.repos.set(`${repo.owner}/${repo.name}`.toLowerCase(), repo);
  }

  issueById(repo: RepoRecord, id: number): IssueRecord | undefined {
    return repo.issues.find((i) => i.id === id);
  }
}
