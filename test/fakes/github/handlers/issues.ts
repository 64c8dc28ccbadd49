import { GitHubError } from '../errors.js';
import { commentJson, issueJson, labelJson } from '../objects.js';
import type { IssueRecord, RepoRecord } from '../state.js';
import { ensureLabel } from './labels.js';
import { type Ctx, issueOf, onlyQuery, type Routes, repoOf } from './types.js';

type LabelInput = string | { name?: string };

interface IssueBody {
  title?: string | number;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: IssueRecord['state_reason'];
  labels?: LabelInput[];
}

function labelNames(ctx: Ctx, repo: RepoRecord, input: unknown): string[] {
  // The labels endpoints accept a bare array, `{labels: [...]}`, names or `{name}` objects, or one string.
  const raw = Array.isArray(input)
    ? input
    : typeof input === 'string'
      ? [input]
      : ((input as { labels?: LabelInput[] } | undefined)?.labels ?? []);
  return (raw as LabelInput[])
    .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
    .filter((n) => n !== '')
    .map((n) => ensureLabel(ctx, repo, n).name);
}

export function createIssueRecord(
  ctx: Ctx,
  repo: RepoRecord,
  title: string,
  body: string | null,
): IssueRecord {
  const ts = ctx.state.timestamp();
  const issue: IssueRecord = {
    id: ctx.state.nextId(),
    number: repo.issues.length + 1,
    title,
    body,
    state: 'open',
    state_reason: null,
    labels: [],
    created_at: ts,
    updated_at: ts,
    closed_at: null,
    comments: [],
    parentId: null,
    subIssueIds: [],
    blockedByIds: [],
    pull: null,
  };
  repo.issues.push(issue);
  return issue;
}

function setState(ctx: Ctx, issue: IssueRecord, b: IssueBody): void {
  if (b.state === 'closed' && issue.state === 'open') {
    issue.state = 'closed';
    issue.closed_at = ctx.state.timestamp();
    issue.state_reason = b.state_reason ?? 'completed';
  } else if (b.state === 'open' && issue.state === 'closed') {
    issue.state = 'open';
    issue.closed_at = null;
    issue.state_reason = 'reopened';
  } else if (b.state_reason !== undefined && issue.state === 'closed') {
    issue.state_reason = b.state_reason;
  }
}

const json = (ctx: Ctx, repo: RepoRecord, issue: IssueRecord) => issueJson(ctx.api, ctx.state, repo, issue);

export const issueRoutes: Routes = {
  'POST /repos/{owner}/{repo}/issues': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo.has_issues) throw new GitHubError(410, 'Issues are disabled for this repo');
    const b = ctx.body as IssueBody & { title: string | number };
    const issue = createIssueRecord(ctx, repo, String(b.title), b.body ?? null);
    issue.labels = labelNames(ctx, repo, b.labels);
    return { status: 201, body: json(ctx, repo, issue) };
  },
  'GET /repos/{owner}/{repo}/issues': (ctx) => {
    onlyQuery(ctx, 'state', 'labels', 'direction');
    const repo = repoOf(ctx);
    const state = (ctx.query.state as string | undefined) ?? 'open';
    const wanted = ((ctx.query.labels as string | undefined) ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const dir = (ctx.query.direction as string | undefined) ?? 'desc';
    const matching = repo.issues.filter(
      (i) =>
        (state === 'all' || i.state === state) &&
        wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)),
    );
    // Default sort is `created` descending; numbers grow with creation time.
    const sorted = dir === 'asc' ? matching : [...matching].reverse();
    return { status: 200, items: sorted.map((i) => json(ctx, repo, i)) };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}': (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: json(ctx, repo, issueOf(ctx, repo)) };
  },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const b = ctx.body as IssueBody;
    if (b.title !== undefined) issue.title = String(b.title);
    if (b.body !== undefined) issue.body = b.body;
    if (b.labels !== undefined) issue.labels = labelNames(ctx, repo, b.labels);
    setState(ctx, issue, b);
    issue.updated_at = ctx.state.timestamp();
    return { status: 200, body: json(ctx, repo, issue) };
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    for (const name of labelNames(ctx, repo, ctx.body)) {
      if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) issue.labels.push(name);
    }
    return {
      status: 200,
      body: issue.labels.map((n) => labelJson(ctx.api, repo, repo.labels.get(n.toLowerCase())!)),
    };
  },
  'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    issue.labels = labelNames(ctx, repo, ctx.body);
    return {
      status: 200,
      body: issue.labels.map((n) => labelJson(ctx.api, repo, repo.labels.get(n.toLowerCase())!)),
    };
  },
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const name = String(ctx.params.name).toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name))
      throw new GitHubError(404, 'Label does not exist');
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    return {
      status: 200,
      body: issue.labels.map((n) => labelJson(ctx.api, repo, repo.labels.get(n.toLowerCase())!)),
    };
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    return { status: 200, items: issue.comments.map((c) => commentJson(ctx.api, ctx.state, repo, issue, c)) };
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const comment = {
      id: ctx.state.nextId(),
      body: (ctx.body as { body: string }).body,
      created_at: ctx.state.timestamp(),
    };
    issue.comments.push(comment);
    return { status: 201, body: commentJson(ctx.api, ctx.state, repo, issue, comment) };
  },
};
