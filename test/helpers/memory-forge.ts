// An in-memory forge with GitHub's rules (shared issue/PR numbering, one parent per sub-issue, no
// self-dependency), a test double: it is what the plan and implement logic is tested against before
// the store-backed local forge and the GitHub adapter run the same tests. Like GitHub, it makes
// branches itself, leaves review and merging to the forge, reads links issue by issue and has no
// transactions.
import { PtError } from '../../src/base/errors.js';
import type {
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
  NewPullRequest,
} from '../../src/ports/forge/index.js';

export class MemoryForge implements ForgePort {
  readonly kind = 'github' as const;
  readonly branches = 'forge' as const;
  readonly review = 'forge' as const;
  readonly labels = new Map<string, ForgeLabel>();
  readonly issues = new Map<number, ForgeIssue>();
  readonly prs = new Map<number, ForgePullRequest>();
  readonly parents = new Map<number, number>();
  readonly blockedBy = new Map<number, Set<number>>();
  readonly comments: { number: number; body: string }[] = [];
  /** Branches made with startBranch, and the commit each starts with. */
  readonly refs = new Map<string, string>();
  /** The checks of each ref, set by tests with setCheck. */
  readonly checks = new Map<string, ForgeCheck[]>();
  /** Every mutating call, to check that a re-plan writes nothing. */
  readonly writes: string[] = [];
  private next = 1;
  private nextId = 1000;

  constructor(readonly repo = 'local/repo') {}

  private issue(n: number): ForgeIssue {
    const i = this.issues.get(n);
    if (!i) throw new PtError('forge/not-found', `Issue #${n} does not exist`, { exit: 3 });
    return i;
  }

  async listLabels(): Promise<ForgeLabel[]> {
    return [...this.labels.values()].map((l) => ({ ...l }));
  }
  async createLabel(l: ForgeLabel): Promise<void> {
    if (this.labels.has(l.name.toLowerCase()))
      throw new PtError('forge/conflict', `Label ${l.name} exists`, { exit: 3 });
    this.writes.push(`createLabel ${l.name}`);
    this.labels.set(l.name.toLowerCase(), { ...l });
  }
  async updateLabel(l: ForgeLabel): Promise<void> {
    this.writes.push(`updateLabel ${l.name}`);
    this.labels.set(l.name.toLowerCase(), { ...l });
  }
  async listIssues(q: { label: string }): Promise<ForgeIssue[]> {
    return [...this.issues.values()]
      .filter((i) => i.labels.includes(q.label))
      .map((i) => ({ ...i, labels: [...i.labels] }));
  }
  async createIssue(i: { title: string; body: string; labels: string[] }): Promise<ForgeIssue> {
    this.writes.push(`createIssue ${i.title}`);
    const issue: ForgeIssue = {
      number: this.next++,
      id: this.nextId++,
      title: i.title,
      body: i.body,
      state: 'open',
      stateReason: null,
      labels: [...i.labels],
    };
    this.issues.set(issue.number, issue);
    return { ...issue };
  }
  async updateIssue(n: number, p: IssuePatch): Promise<ForgeIssue> {
    this.writes.push(`updateIssue #${n}`);
    const i = this.issue(n);
    Object.assign(i, {
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.body !== undefined ? { body: p.body } : {}),
      ...(p.state !== undefined
        ? { state: p.state, stateReason: p.state === 'closed' ? (p.stateReason ?? 'completed') : null }
        : {}),
      ...(p.labels !== undefined ? { labels: [...p.labels] } : {}),
    });
    return { ...i };
  }
  async comment(n: number, body: string): Promise<void> {
    this.issue(n);
    this.writes.push(`comment #${n}`);
    this.comments.push({ number: n, body });
  }
  async listSubIssues(parent: number): Promise<number[]> {
    return [...this.parents]
      .filter(([, p]) => p === parent)
      .map(([c]) => c)
      .sort((a, b) => a - b);
  }
  async addSubIssue(parent: number, child: ForgeIssue): Promise<void> {
    this.issue(parent);
    if (this.parents.has(child.number))
      throw new PtError('forge/conflict', `#${child.number} already has a parent`, { exit: 3 });
    this.writes.push(`addSubIssue #${parent} ← #${child.number}`);
    this.parents.set(child.number, parent);
  }
  async listBlockedBy(n: number): Promise<number[]> {
    return [...(this.blockedBy.get(n) ?? [])].sort((a, b) => a - b);
  }
  async addBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    this.issue(n);
    if (blocker.number === n) throw new PtError('forge/invalid', 'An issue cannot block itself', { exit: 2 });
    this.writes.push(`addBlockedBy #${n} ← #${blocker.number}`);
    const set = this.blockedBy.get(n) ?? new Set<number>();
    set.add(blocker.number);
    this.blockedBy.set(n, set);
  }
  async removeBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    this.issue(n);
    if (!this.blockedBy.get(n)?.delete(blocker.number)) return;
    this.writes.push(`removeBlockedBy #${n} ← #${blocker.number}`);
  }
  async listLinks(): Promise<ForgeLinks | null> {
    return null;
  }
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  async startBranch(branch: string, _base: string, _message: string): Promise<string | null> {
    if (this.refs.has(branch)) return null;
    this.writes.push(`startBranch ${branch}`);
    const sha = (this.refs.size + 1).toString(16).padStart(40, '0');
    this.refs.set(branch, sha);
    return sha;
  }
  async commitFiles(c: BranchCommit): Promise<BranchCommitResult> {
    const had = this.refs.has(c.branch);
    this.writes.push(`commitFiles ${c.branch}`);
    const sha = (this.refs.size + 1).toString(16).padStart(40, '0');
    this.refs.set(c.branch, sha);
    return { sha, changed: true, createdBranch: !had };
  }
  async listSecurityAlerts(): Promise<ForgeSecurityAlert[]> {
    return [];
  }
  async markReady(n: number): Promise<ForgePullRequest> {
    throw new PtError('forge/unsupported', `${this.repo} marks #${n} ready on the forge`, { exit: 2 });
  }
  async recordMerge(n: number): Promise<ForgePullRequest> {
    throw new PtError('forge/unsupported', `${this.repo} merges #${n} on the forge`, { exit: 2 });
  }
  /** Merges as GitHub would, without a commit: closed as merged; one merged before is `already`. */
  async mergePullRequest(n: number): Promise<ForgeMerge> {
    const pr = this.prs.get(n);
    if (!pr) throw new PtError('forge/not-found', `${this.repo} has no pull request #${n}`, { exit: 3 });
    const already = !!pr.merged;
    this.prs.set(n, { ...pr, state: 'closed', merged: true });
    return { number: n, commit: null, already };
  }
  /** Reports a check on `ref`, replacing an earlier one of the same name and source (a re-run). */
  setCheck(ref: string, check: ForgeCheck): void {
    const list = (this.checks.get(ref) ?? []).filter(
      (c) => c.name !== check.name || c.source !== check.source,
    );
    this.checks.set(ref, [...list, { ...check }]);
  }
  async listChecks(ref: string): Promise<ForgeCheck[]> {
    return (this.checks.get(ref) ?? [])
      .map((c) => ({ ...c }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : 1));
  }
  async listPullRequests(): Promise<ForgePullRequest[]> {
    return [...this.prs.values()].map((p) => ({ ...p }));
  }
  async createPullRequest(pr: NewPullRequest): Promise<ForgePullRequest> {
    this.writes.push(`createPullRequest ${pr.head}`);
    const p: ForgePullRequest = { number: this.next++, state: 'open', ...pr };
    this.prs.set(p.number, p);
    return { ...p };
  }
}
