import { FakeUnimplemented, GitHubError, invalid, notFound } from '../errors.js';
import { getObject, isAncestor, putCommit } from '../git-objects.js';
import { issueJson, nodeId, repoJson, userJson } from '../objects.js';
import type { IssueRecord, RepoRecord } from '../state.js';
import { createIssueRecord } from './issues.js';
import { type Ctx, onlyQuery, type Routes, repoOf } from './types.js';

function pullOf(ctx: Ctx, repo: RepoRecord): IssueRecord & { pull: NonNullable<IssueRecord['pull']> } {
  const issue = repo.issues[Number(ctx.params.pull_number) - 1];
  if (!issue?.pull) throw notFound();
  return issue as IssueRecord & { pull: NonNullable<IssueRecord['pull']> };
}

function branchSide(ctx: Ctx, repo: RepoRecord, branch: string) {
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha: repo.refs.get(`refs/heads/${branch}`) ?? '0'.repeat(40),
    user: userJson(ctx.api, repo.owner, repo.ownerType === 'User' ? 1 : 2, repo.ownerType),
    repo: repoJson(ctx.api, repo),
  };
}

/** The list shape (`pull-request-simple`); `full` adds the counters of `pull-request`. */
function pullJson(ctx: Ctx, repo: RepoRecord, issue: IssueRecord, full: boolean) {
  const pull = issue.pull!;
  const i = issueJson(ctx.api, ctx.state, repo, issue);
  const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/${issue.number}`;
  const simple = {
    url,
    id: pull.id,
    node_id: nodeId('PR', pull.id),
    html_url: i.html_url,
    diff_url: `${i.html_url}.diff`,
    patch_url: `${i.html_url}.patch`,
    issue_url: i.url,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/comments{/number}`,
    comments_url: i.comments_url,
    statuses_url: `${ctx.api}/repos/${repo.owner}/${repo.name}/statuses/${branchSide(ctx, repo, pull.head).sha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: i.user,
    body: issue.body,
    labels: i.labels,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at ?? null,
    merge_commit_sha: pull.merge_commit_sha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchSide(ctx, repo, pull.head),
    base: branchSide(ctx, repo, pull.base),
    _links: {
      self: { href: url },
      html: { href: i.html_url },
      issue: { href: i.url },
      comments: { href: i.comments_url },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: {
        href: `${ctx.api}/repos/${repo.owner}/${repo.name}/statuses/${branchSide(ctx, repo, pull.head).sha}`,
      },
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: !!pull.merged_at,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: issue.comments.length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainer_can_modify,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

interface PullBody {
  title?: string;
  body?: string;
  head: string;
  base: string;
  draft?: boolean;
  maintainer_can_modify?: boolean;
  state?: 'open' | 'closed';
}

const notMergeable = (message = 'Pull Request is not mergeable') => new GitHubError(405, message);

interface MergeBody {
  commit_title?: string;
  commit_message?: string;
  sha?: string;
  merge_method?: 'merge' | 'squash' | 'rebase';
}

export const pullRoutes: Routes = {
  // Merge commits only, and only where the base has not moved past the head's fork point: the fake
  // does no three-way merge, so a diverged base is "not mergeable" (as a conflict would be).
  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge': (ctx) => {
    const repo = repoOf(ctx);
    const issue = pullOf(ctx, repo);
    const b = (ctx.body ?? {}) as MergeBody;
    if ((b.merge_method ?? 'merge') !== 'merge')
      throw new FakeUnimplemented(`merge_method ${b.merge_method} is not modelled by the fake`);
    if (issue.state !== 'open') throw notMergeable();
    if (issue.pull.draft) throw notMergeable('Pull Request is still a draft');
    const head = repo.refs.get(`refs/heads/${issue.pull.head}`);
    const base = repo.refs.get(`refs/heads/${issue.pull.base}`);
    if (!head || !base) throw notMergeable();
    if (b.sha !== undefined && b.sha !== head)
      throw new GitHubError(409, 'Head branch was modified. Review and try the merge again.');
    if (!isAncestor(repo, base, head)) throw notMergeable();
    const when = ctx.state.timestamp();
    const me = { name: ctx.state.login, email: `${ctx.state.login}@users.noreply.github.com`, date: when };
    const title =
      b.commit_title ?? `Merge pull request #${issue.number} from ${repo.owner}/${issue.pull.head}`;
    const sha = putCommit(repo, {
      tree: getObject(repo, head, 'commit')!.tree,
      parents: [base, head],
      message: b.commit_message ? `${title}\n\n${b.commit_message}` : title,
      author: me,
      committer: me,
    });
    repo.refs.set(`refs/heads/${issue.pull.base}`, sha);
    issue.state = 'closed';
    issue.closed_at = when;
    issue.updated_at = when;
    issue.pull.merged_at = when;
    issue.pull.merge_commit_sha = sha;
    return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
  },
  'POST /repos/{owner}/{repo}/pulls': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as PullBody;
    // The fake has no forks: `owner:branch` heads must name this repository's owner.
    const head = b.head.includes(':') ? b.head.split(':')[1]! : b.head;
    if (!repo.refs.has(`refs/heads/${head}`)) throw invalid('PullRequest', 'head');
    if (!repo.refs.has(`refs/heads/${b.base}`)) throw invalid('PullRequest', 'base');
    if (repo.refs.get(`refs/heads/${head}`) === repo.refs.get(`refs/heads/${b.base}`)) {
      throw new GitHubError(422, 'Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${b.base} and ${head}` },
      ]);
    }
    if (
      repo.issues.some((i) => i.pull && i.state === 'open' && i.pull.head === head && i.pull.base === b.base)
    ) {
      throw new GitHubError(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner}:${head}.`,
        },
      ]);
    }
    if (!b.title) throw invalid('PullRequest', 'title', 'missing_field');
    const issue = createIssueRecord(ctx, repo, b.title, b.body ?? null);
    issue.pull = {
      id: ctx.state.nextId(),
      head,
      base: b.base,
      draft: b.draft ?? false,
      maintainer_can_modify: b.maintainer_can_modify ?? true,
    };
    return { status: 201, body: pullJson(ctx, repo, issue, true) };
  },
  'GET /repos/{owner}/{repo}/pulls': (ctx) => {
    onlyQuery(ctx, 'state', 'head', 'base');
    const repo = repoOf(ctx);
    const state = (ctx.query.state as string | undefined) ?? 'open';
    const head = ctx.query.head as string | undefined;
    const baseRef = ctx.query.base as string | undefined;
    const pulls = repo.issues.filter(
      (i) =>
        i.pull &&
        (state === 'all' || i.state === state) &&
        (!head || `${repo.owner}:${i.pull.head}` === head) &&
        (!baseRef || i.pull.base === baseRef),
    );
    return { status: 200, items: [...pulls].reverse().map((i) => pullJson(ctx, repo, i, false)) };
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: pullJson(ctx, repo, pullOf(ctx, repo), true) };
  },
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => {
    const repo = repoOf(ctx);
    const issue = pullOf(ctx, repo);
    const b = ctx.body as Partial<PullBody>;
    if (b.title !== undefined) issue.title = b.title;
    if (b.body !== undefined) issue.body = b.body;
    if (b.base !== undefined) {
      if (!repo.refs.has(`refs/heads/${b.base}`)) throw invalid('PullRequest', 'base');
      issue.pull.base = b.base;
    }
    if (b.maintainer_can_modify !== undefined) issue.pull.maintainer_can_modify = b.maintainer_can_modify;
    if (b.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closed_at = ctx.state.timestamp();
    } else if (b.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closed_at = null;
    }
    issue.updated_at = ctx.state.timestamp();
    return { status: 200, body: pullJson(ctx, repo, issue, true) };
  },
};
