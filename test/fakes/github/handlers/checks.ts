// CI on a commit: check runs (what GitHub Actions and other apps report) and commit statuses (older
// integrations). Tests report them through GitHub's own endpoints, so those are validated too.
import { GitHubError, invalid, notFound } from '../errors.js';
import { nodeId, repoJson } from '../objects.js';
import type { CheckRunRecord, RepoRecord, StatusRecord } from '../state.js';
import { type Ctx, onlyQuery, type Routes, repoOf } from './types.js';

const HTML = 'https://github.com';

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string };
}

/** A branch, a tag or a full commit SHA of the repository, as GitHub resolves `{ref}`. */
function commitOf(repo: RepoRecord, ref: string): string {
  const sha =
    repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`) ?? repo.refs.get(ref) ?? ref;
  if (repo.objects.get(sha)?.type !== 'commit') throw new GitHubError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

function checkRunJson(ctx: Ctx, repo: RepoRecord, c: CheckRunRecord) {
  const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/check-runs/${c.id}`;
  return {
    id: c.id,
    head_sha: c.head_sha,
    node_id: nodeId('CR', c.id),
    external_id: c.external_id,
    url,
    html_url: `${HTML}/${repo.owner}/${repo.name}/runs/${c.id}`,
    details_url: c.details_url,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.started_at,
    completed_at: c.completed_at,
    output: {
      title: c.title,
      summary: c.summary,
      text: c.text,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: c.name,
    check_suite: { id: c.id + 1 },
    app: null,
    pull_requests: [],
  };
}

/** Applies a create or update body: a conclusion completes the run, and completing needs one. */
function applyCheckRun(ctx: Ctx, c: CheckRunRecord, b: CheckRunBody): void {
  if (b.name !== undefined) c.name = b.name;
  if (b.details_url !== undefined) c.details_url = b.details_url;
  if (b.external_id !== undefined) c.external_id = b.external_id;
  if (b.started_at !== undefined) c.started_at = b.started_at;
  if (b.status !== undefined) c.status = b.status;
  if (b.conclusion !== undefined) {
    c.conclusion = b.conclusion;
    c.status = 'completed';
  }
  if (b.output) {
    if (b.output.title !== undefined) c.title = b.output.title;
    if (b.output.summary !== undefined) c.summary = b.output.summary;
    if (b.output.text !== undefined) c.text = b.output.text;
  }
  if (c.status === 'completed') {
    if (c.conclusion === null) throw invalid('CheckRun', 'conclusion', 'missing_field');
    c.completed_at = b.completed_at ?? c.completed_at ?? ctx.state.timestamp();
  } else if (b.completed_at !== undefined) throw invalid('CheckRun', 'conclusion', 'missing_field');
  if (c.status !== 'queued') c.started_at ??= ctx.state.timestamp();
}

function statusJson(ctx: Ctx, repo: RepoRecord, s: StatusRecord) {
  return {
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: nodeId('SC', s.id),
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}

/** GitHub's combined state: failure on any error or failure, pending on any pending or none, else success. */
function combinedState(latest: StatusRecord[]): string {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

export const checkRoutes: Routes = {
  'POST /repos/{owner}/{repo}/check-runs': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as CheckRunBody & { name: string; head_sha: string };
    const head = commitOf(repo, b.head_sha);
    if (head !== b.head_sha) throw invalid('CheckRun', 'head_sha');
    const c: CheckRunRecord = {
      id: ctx.state.nextId(),
      name: b.name,
      head_sha: head,
      status: 'queued',
      conclusion: null,
      details_url: null,
      external_id: null,
      started_at: null,
      completed_at: null,
      title: null,
      summary: null,
      text: null,
    };
    applyCheckRun(ctx, c, b);
    repo.checkRuns.push(c);
    return { status: 201, body: checkRunJson(ctx, repo, c) };
  },
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (ctx) => {
    const repo = repoOf(ctx);
    const c = repo.checkRuns.find((r) => r.id === Number(ctx.params.check_run_id));
    if (!c) throw notFound();
    applyCheckRun(ctx, c, ctx.body as CheckRunBody);
    return { status: 200, body: checkRunJson(ctx, repo, c) };
  },
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': (ctx) => {
    onlyQuery(ctx, 'filter', 'check_name', 'status');
    const repo = repoOf(ctx);
    const sha = commitOf(repo, String(ctx.params.ref));
    let runs = repo.checkRuns.filter((c) => c.head_sha === sha);
    if (ctx.query.check_name !== undefined) runs = runs.filter((c) => c.name === ctx.query.check_name);
    if (ctx.query.status !== undefined) runs = runs.filter((c) => c.status === ctx.query.status);
    // `latest` (the default) keeps the most recent run of each name.
    if ((ctx.query.filter ?? 'latest') === 'latest')
      runs = runs.filter((c) => !runs.some((d) => d.name === c.name && d.id > c.id));
    runs = [...runs].sort((a, b) => b.id - a.id);
    const total = runs.length;
    return {
      status: 200,
      items: runs.map((c) => checkRunJson(ctx, repo, c)),
      wrap: (page) => ({ total_count: total, check_runs: page }),
    };
  },
  'POST /repos/{owner}/{repo}/statuses/{sha}': (ctx) => {
    const repo = repoOf(ctx);
    const sha = String(ctx.params.sha);
    if (commitOf(repo, sha) !== sha) throw invalid('Status', 'sha');
    const b = ctx.body as {
      state: StatusRecord['state'];
      target_url?: string | null;
      description?: string | null;
      context?: string;
    };
    const ts = ctx.state.timestamp();
    const s: StatusRecord = {
      id: ctx.state.nextId(),
      sha,
      state: b.state,
      context: b.context ?? 'default',
      target_url: b.target_url ?? null,
      description: b.description ?? null,
      created_at: ts,
      updated_at: ts,
    };
    repo.statuses.push(s);
    return { status: 201, body: { ...statusJson(ctx, repo, s), creator: null } };
  },
  'GET /repos/{owner}/{repo}/commits/{ref}/status': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    const ref = String(ctx.params.ref);
    let sha: string;
    try {
      sha = commitOf(repo, ref);
    } catch {
      throw notFound();
    }
    // The latest status of each context (contexts are case-insensitive), newest first.
    const all = repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
    const latest = all.filter(
      (s, i) => all.findIndex((t) => t.context.toLowerCase() === s.context.toLowerCase()) === i,
    );
    const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30), 1), 100);
    const page = Math.max(Number(ctx.query.page ?? 1), 1);
    const url = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
    return {
      status: 200,
      body: {
        state: combinedState(latest),
        statuses: latest.slice((page - 1) * perPage, page * perPage).map((s) => statusJson(ctx, repo, s)),
        sha,
        total_count: latest.length,
        repository: repoJson(ctx.api, repo),
        commit_url: `${url}/commits/${sha}`,
        url: `${url}/commits/${sha}/status`,
      },
    };
  },
};
