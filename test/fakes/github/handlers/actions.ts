// GitHub Actions: self-hosted runners of a repository and of an organisation, workflow_dispatch, the
// runs of a workflow, a run and its jobs, cancelling a run; and deployments with their statuses.
// Every answer comes after the scheduler has given queued jobs to free runners.
import {
  type DeploymentRecord,
  type DeploymentStatusRecord,
  HOSTED_LABELS,
  type JobRecord,
  type RunnerRecord,
  type RunRecord,
  type WorkflowRecord,
} from '../actions.js';
import { GitHubError, invalid, notFound } from '../errors.js';
import { nodeId, repoJson, userJson } from '../objects.js';
import type { RepoRecord } from '../state.js';
import { type Ctx, onlyQuery, type Routes, repoOf } from './types.js';

const HTML = 'https://github.com';

const keyOf = (repo: RepoRecord) => `${repo.owner}/${repo.name}`.toLowerCase();

function runnerJson(r: RunnerRecord) {
  return {
    id: r.id,
    runner_group_id: 1,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    ephemeral: false,
    labels: r.labels.map((name, i) => ({
      id: i + 1,
      name,
      type: ['self-hosted', 'linux', 'x64', 'windows', 'macos', 'arm64'].includes(name.toLowerCase())
        ? ('read-only' as const)
        : ('custom' as const),
    })),
  };
}

function runnersReply(ctx: Ctx, list: RunnerRecord[]) {
  onlyQuery(ctx, 'name');
  const named = ctx.query.name === undefined ? list : list.filter((r) => r.name === ctx.query.name);
  return {
    status: 200,
    items: named.map(runnerJson),
    wrap: (page: unknown[]) => ({ total_count: named.length, runners: page }),
  };
}

/** A branch or tag name (or refs/heads/…, refs/tags/…) to its commit, as workflow_dispatch resolves `ref`. */
function resolveRef(repo: RepoRecord, ref: string): { sha: string; branch: string | null } {
  const short = ref.replace(/^refs\/(heads|tags)\//, '');
  const branch = repo.refs.get(`refs/heads/${short}`);
  if (branch && !ref.startsWith('refs/tags/')) return { sha: branch, branch: short };
  const tag = repo.refs.get(`refs/tags/${short}`);
  if (tag) return { sha: tag, branch: null };
  throw new GitHubError(422, `No ref found for: ${ref}`);
}

function workflowOf(ctx: Ctx, repo: RepoRecord): WorkflowRecord {
  const id = String(ctx.params.workflow_id);
  const w = ctx.state.actions.workflows.find(
    (x) => x.repo === keyOf(repo) && (String(x.id) === id || x.file === id),
  );
  if (!w) throw notFound();
  return w;
}

function runOf(ctx: Ctx, repo: RepoRecord): RunRecord {
  const run = ctx.state.actions.runs.find(
    (r) => r.id === Number(ctx.params.run_id) && r.repo === keyOf(repo),
  );
  if (!run) throw notFound();
  return run;
}

function runJson(ctx: Ctx, repo: RepoRecord, run: RunRecord) {
  const w = ctx.state.actions.workflows.find((x) => x.id === run.workflowId)!;
  const base = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const url = `${base}/actions/runs/${run.id}`;
  const minimal = repoJson(ctx.api, repo);
  const actor = userJson(ctx.api, ctx.state.login, ctx.state.userId);
  return {
    id: run.id,
    name: w.name,
    node_id: nodeId('WFR', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `.github/workflows/${w.file}`,
    display_title: w.name,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: w.id,
    url,
    html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.startedAt,
    actor,
    triggering_actor: actor,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${base}/check-suites/${run.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${base}/actions/workflows/${w.id}`,
    head_commit: null,
    repository: minimal,
    head_repository: minimal,
  };
}

function jobJson(ctx: Ctx, repo: RepoRecord, run: RunRecord, job: JobRecord) {
  const base = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const w = ctx.state.actions.workflows.find((x) => x.id === run.workflowId)!;
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${base}/actions/runs/${run.id}`,
    run_attempt: 1,
    node_id: nodeId('CR', job.id),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    workflow_name: w.name,
    url: `${base}/actions/jobs/${job.id}`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    // GitHub fills started_at of a job still queued with the time it was queued.
    started_at: job.startedAt ?? job.createdAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: [],
    check_run_url: `${base}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: job.runnerId,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName ? 1 : null,
    runner_group_name: job.runnerName ? 'Default' : null,
  };
}

function deploymentJson(ctx: Ctx, repo: RepoRecord, d: DeploymentRecord) {
  const base = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    url: `${base}/deployments/${d.id}`,
    id: d.id,
    node_id: nodeId('DE', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(ctx.api, ctx.state.login, ctx.state.userId),
    created_at: d.createdAt,
    updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${base}/deployments/${d.id}/statuses`,
    repository_url: base,
    transient_environment: false,
    production_environment: d.environment === 'production' || d.environment === 'prod',
  };
}

function deploymentStatusJson(ctx: Ctx, repo: RepoRecord, d: DeploymentRecord, s: DeploymentStatusRecord) {
  const base = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    url: `${base}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: userJson(ctx.api, ctx.state.login, ctx.state.userId),
    description: s.description,
    environment: d.environment,
    // GitHub answers "" for a URL never given, which the description's required uri refuses: the fake
    // gives the environment's deployments page instead.
    target_url:
      s.logUrl || `${HTML}/${repo.owner}/${repo.name}/deployments/${encodeURIComponent(d.environment)}`,
    ...(s.logUrl ? { log_url: s.logUrl } : {}),
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${base}/deployments/${d.id}`,
    repository_url: base,
  };
}

function deploymentOf(ctx: Ctx, repo: RepoRecord): DeploymentRecord {
  const d = ctx.state.actions.deployments.find(
    (x) => x.id === Number(ctx.params.deployment_id) && x.repo === keyOf(repo),
  );
  if (!d) throw notFound();
  return d;
}

/** The runner_labels input: a JSON array of label strings. */
function labelsOf(inputs: Record<string, unknown>): string[] {
  const raw = inputs.runner_labels;
  if (raw === undefined) return [...HOSTED_LABELS];
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((l) => typeof l === 'string' && l !== '')
  )
    throw new GitHubError(422, 'Invalid value for input runner_labels: expected a JSON array of labels');
  return parsed as string[];
}

export const actionRoutes: Routes = {
  'GET /repos/{owner}/{repo}/actions/runners': (ctx) => {
    const repo = repoOf(ctx);
    ctx.state.actions.schedule();
    return runnersReply(
      ctx,
      ctx.state.actions.runners.filter((r) => r.repo === keyOf(repo)),
    );
  },
  'GET /orgs/{org}/actions/runners': (ctx) => {
    const org = String(ctx.params.org);
    const known = [...ctx.state.repos.values()].some(
      (r) => r.ownerType === 'Organization' && r.owner.toLowerCase() === org.toLowerCase(),
    );
    if (!known) throw notFound();
    if (ctx.state.actions.hiddenOrgs.has(org))
      throw new GitHubError(403, 'You must be an org admin or have the manage_runners:org scope');
    ctx.state.actions.schedule();
    return runnersReply(
      ctx,
      ctx.state.actions.runners.filter((r) => r.org?.toLowerCase() === org.toLowerCase()),
    );
  },
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': (ctx) => {
    const repo = repoOf(ctx);
    const w = workflowOf(ctx, repo);
    const b = ctx.body as { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean };
    const { sha, branch } = resolveRef(repo, b.ref);
    const inputs = b.inputs ?? {};
    const labels = labelsOf(inputs);
    const world = ctx.state.actions;
    const ts = ctx.state.timestamp();
    const run: RunRecord = {
      id: ctx.state.nextId(),
      repo: keyOf(repo),
      workflowId: w.id,
      runNumber: world.runs.filter((r) => r.workflowId === w.id).length + 1,
      event: 'workflow_dispatch',
      status: 'queued',
      conclusion: null,
      headBranch: branch,
      headSha: sha,
      inputs,
      createdAt: ts,
      updatedAt: ts,
      startedAt: ts,
    };
    world.runs.push(run);
    world.jobs.push({
      id: ctx.state.nextId(),
      runId: run.id,
      name: w.name,
      status: 'queued',
      conclusion: null,
      labels,
      runnerId: null,
      runnerName: null,
      createdAt: ts,
      startedAt: null,
      completedAt: null,
    });
    world.schedule();
    if (!b.return_run_details) return { status: 204 };
    const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: url,
        html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
      },
    };
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': (ctx) => {
    onlyQuery(ctx, 'event', 'status', 'branch');
    const repo = repoOf(ctx);
    const w = workflowOf(ctx, repo);
    ctx.state.actions.schedule();
    const q = ctx.query;
    const runs = ctx.state.actions.runs
      .filter((r) => r.workflowId === w.id)
      .filter((r) => q.event === undefined || r.event === q.event)
      .filter((r) => q.branch === undefined || r.headBranch === q.branch)
      .filter((r) => q.status === undefined || r.status === q.status || r.conclusion === q.status)
      .sort((a, b) => b.id - a.id);
    return {
      status: 200,
      items: runs.map((r) => runJson(ctx, repo, r)),
      wrap: (page: unknown[]) => ({ total_count: runs.length, workflow_runs: page }),
    };
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    ctx.state.actions.schedule();
    return { status: 200, body: runJson(ctx, repo, runOf(ctx, repo)) };
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': (ctx) => {
    onlyQuery(ctx, 'filter');
    const repo = repoOf(ctx);
    const run = runOf(ctx, repo);
    ctx.state.actions.schedule();
    const jobs = ctx.state.actions.jobs.filter((j) => j.runId === run.id);
    return {
      status: 200,
      items: jobs.map((j) => jobJson(ctx, repo, run, j)),
      wrap: (page: unknown[]) => ({ total_count: jobs.length, jobs: page }),
    };
  },
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel': (ctx) => {
    const repo = repoOf(ctx);
    const run = runOf(ctx, repo);
    if (run.status === 'completed')
      throw new GitHubError(409, 'Cannot cancel a workflow run that is completed.');
    for (const j of ctx.state.actions.jobs.filter((x) => x.runId === run.id))
      ctx.state.actions.finish(j, 'cancelled');
    ctx.state.actions.schedule();
    return { status: 202, body: {} };
  },
  'POST /repos/{owner}/{repo}/deployments': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as {
      ref: string;
      task?: string;
      environment?: string;
      description?: string | null;
      required_contexts?: string[];
      payload?: Record<string, unknown> | string;
    };
    let sha: string;
    try {
      sha = resolveRef(repo, b.ref).sha;
    } catch {
      if (repo.objects.get(b.ref)?.type !== 'commit')
        throw invalid('Deployment', 'ref', 'invalid', `No ref found for: ${b.ref}`);
      sha = b.ref;
    }
    // GitHub checks the commit's statuses first: every named context (all of them when none is named)
    // must be a success.
    const latest = new Map<string, string>();
    for (const s of repo.statuses.filter((x) => x.sha === sha).sort((x, y) => x.id - y.id))
      latest.set(s.context, s.state);
    const contexts = b.required_contexts ?? [...latest.keys()];
    const failing = contexts.filter((c) => latest.get(c) !== 'success');
    if (failing.length > 0) throw new GitHubError(409, `Conflict: Commit status checks failed for ${b.ref}.`);
    const d: DeploymentRecord = {
      id: ctx.state.nextId(),
      repo: keyOf(repo),
      sha,
      ref: b.ref,
      task: b.task ?? 'deploy',
      environment: b.environment ?? 'production',
      description: b.description ?? '',
      payload: b.payload ?? {},
      createdAt: ctx.state.timestamp(),
      statuses: [],
    };
    ctx.state.actions.deployments.push(d);
    return { status: 201, body: deploymentJson(ctx, repo, d) };
  },
  'GET /repos/{owner}/{repo}/deployments': (ctx) => {
    onlyQuery(ctx, 'environment', 'ref', 'sha', 'task');
    const repo = repoOf(ctx);
    const q = ctx.query;
    const list = ctx.state.actions.deployments
      .filter((d) => d.repo === keyOf(repo))
      .filter((d) => q.environment === undefined || d.environment === q.environment)
      .filter((d) => q.ref === undefined || d.ref === q.ref)
      .filter((d) => q.sha === undefined || d.sha === q.sha)
      .filter((d) => q.task === undefined || d.task === q.task)
      .sort((a, b) => b.id - a.id);
    return { status: 200, items: list.map((d) => deploymentJson(ctx, repo, d)) };
  },
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': (ctx) => {
    const repo = repoOf(ctx);
    const d = deploymentOf(ctx, repo);
    const b = ctx.body as {
      state: string;
      description?: string;
      log_url?: string;
      target_url?: string;
      environment_url?: string;
    };
    const s: DeploymentStatusRecord = {
      id: ctx.state.nextId(),
      state: b.state,
      description: b.description ?? '',
      logUrl: b.log_url ?? b.target_url ?? '',
      environmentUrl: b.environment_url ?? '',
      createdAt: ctx.state.timestamp(),
    };
    d.statuses.push(s);
    return { status: 201, body: deploymentStatusJson(ctx, repo, d, s) };
  },
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': (ctx) => {
    onlyQuery(ctx);
    const repo = repoOf(ctx);
    const d = deploymentOf(ctx, repo);
    const list = [...d.statuses].reverse();
    return { status: 200, items: list.map((s) => deploymentStatusJson(ctx, repo, d, s)) };
  },
};
