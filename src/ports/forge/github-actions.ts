// The ActionsPort over GitHub's REST API, on the forge's octokit: the same deadlines, conditional GETs
// (a runner listing that did not change costs a 304, outside the primary rate limit), pagination and
// rate-limit waits as every other call. Writes (dispatch, deployments) are sent once: a retry after a
// lost answer could start a second deploy.
import type { Octokit } from 'octokit';
import * as v from 'valibot';
import { EXIT, PtError } from '../../base/index.js';
import type {
  ActionsPort,
  ActionsRunner,
  ActionsStatus,
  DeploymentState,
  WorkflowDispatch,
  WorkflowJobInfo,
  WorkflowRunInfo,
} from './actions-port.js';
import { parseShape } from './github-shapes.js';

const text = v.string();
const optionalText = v.nullish(v.string());

const Runner = v.looseObject({
  id: v.number(),
  name: text,
  status: text,
  busy: v.boolean(),
  labels: v.array(v.looseObject({ name: text })),
});

const Run = v.looseObject({
  id: v.number(),
  workflow_id: v.number(),
  status: optionalText,
  conclusion: optionalText,
  event: text,
  head_sha: text,
  created_at: text,
  html_url: text,
});

const Job = v.looseObject({
  id: v.number(),
  run_id: v.number(),
  name: text,
  status: text,
  conclusion: optionalText,
  labels: v.array(text),
  runner_name: optionalText,
  created_at: text,
  started_at: optionalText,
  completed_at: optionalText,
});

const Id = v.looseObject({ id: v.number() });

/** Runs read when the caller gives no `createdAfter`: the newest page. */
const RUNS_WITHOUT_SINCE = 100;

const STATUSES: ReadonlySet<string> = new Set([
  'queued',
  'in_progress',
  'completed',
  'waiting',
  'requested',
  'pending',
]);

/** GitHub's run statuses beyond the job ones (action_required, stale, …) read as finished or not started. */
function statusOf(status: string | null | undefined, conclusion: string | null | undefined): ActionsStatus {
  if (status && STATUSES.has(status)) return status as ActionsStatus;
  return conclusion ? 'completed' : 'pending';
}

/**
 * The forge's own request helpers (it holds the token to redact from errors): `call` turns octokit's
 * errors into PtErrors, `read` and `readAll` also check an answer's shape.
 */
export interface GitHubCalls {
  call<T>(what: string, f: () => Promise<T>): Promise<T>;
  read<S extends v.GenericSchema>(
    what: string,
    schema: S,
    expected: string,
    f: () => Promise<{ data: unknown }>,
  ): Promise<v.InferOutput<S>>;
  readAll<S extends v.GenericSchema>(
    what: string,
    schema: S,
    expected: string,
    f: () => Promise<unknown>,
  ): Promise<v.InferOutput<S>[]>;
}

export class GitHubActions implements ActionsPort {
  /** The owner is a user account or hides its runners from this token: asked once per run. */
  private orgHidden = false;

  constructor(
    private readonly octokit: Octokit,
    readonly repo: string,
    private readonly owner: string,
    private readonly name: string,
    private readonly gh: GitHubCalls,
  ) {}

  private get r() {
    return { owner: this.owner, repo: this.name };
  }

  async listRunners(): Promise<ActionsRunner[]> {
    let own: v.InferOutput<typeof Runner>[];
    try {
      own = await this.gh.readAll('listing self-hosted runners', Runner, 'runners', () =>
        this.octokit.paginate('GET /repos/{owner}/{repo}/actions/runners', { ...this.r, per_page: 100 }),
      );
    } catch (e) {
      if (!(e instanceof PtError && e.code === 'forge/forbidden')) throw e;
      throw new PtError('forge/forbidden', e.message, {
        hint: `Listing the runners of ${this.repo} needs admin access to it: a fine-grained token with "Administration: read", or a classic token with the repo scope.`,
        exit: EXIT.external,
        details: e.details,
      });
    }
    const runners = own.map((r) => toRunner(r, 'repository'));
    if (this.orgHidden) return runners;
    try {
      const org = await this.gh.readAll('listing organisation runners', Runner, 'runners', () =>
        this.octokit.paginate('GET /orgs/{org}/actions/runners', { org: this.owner, per_page: 100 }),
      );
      runners.push(...org.map((r) => toRunner(r, 'organization')));
    } catch (e) {
      // A user account has no organisation runners (404), and reading an organisation's takes an
      // organisation admin's token (403): either way there are none this token can count on.
      if (!(e instanceof PtError && (e.code === 'forge/not-found' || e.code === 'forge/forbidden'))) throw e;
      this.orgHidden = true;
    }
    return runners;
  }

  async dispatchWorkflow(d: WorkflowDispatch): Promise<number | null> {
    const res = await this.gh.call(`dispatching workflow ${d.workflow} on ${d.ref}`, () =>
      this.octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        ...this.r,
        workflow_id: d.workflow,
        ref: d.ref,
        inputs: d.inputs,
        // The run's id in the answer, so the run is never mistaken for another dispatch of the same
        // workflow; a server that does not know the field answers 204 without it.
        return_run_details: true,
        request: { retries: 0 },
      }),
    );
    const id = (res.data as { workflow_run_id?: unknown } | undefined)?.workflow_run_id;
    return typeof id === 'number' ? id : null;
  }

  async listRuns(q: { workflow: string; event?: string; createdAfter?: string }): Promise<WorkflowRunInfo[]> {
    const since = q.createdAfter === undefined ? Number.NaN : Date.parse(q.createdAfter);
    const what = `listing the runs of workflow ${q.workflow}`;
    const runs: WorkflowRunInfo[] = [];
    const pages = this.octokit.paginate.iterator(
      'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      {
        ...this.r,
        workflow_id: q.workflow,
        ...(q.event ? { event: q.event } : {}),
        per_page: Number.isNaN(since) ? RUNS_WITHOUT_SINCE : 30,
      },
    );
    // Newest first: stop at the first page that reaches back before `createdAfter`, so following a
    // dispatch reads one page, not the workflow's whole history.
    await this.gh.call(what, async () => {
      for await (const page of pages) {
        const items = parseShape(
          v.array(Run),
          page.data,
          `${what} on ${this.repo}`,
          'a list of workflow runs',
        );
        let older = false;
        for (const r of items) {
          if (!Number.isNaN(since) && Date.parse(r.created_at) < since) older = true;
          else runs.push(toRun(r));
        }
        if (older || Number.isNaN(since)) break;
      }
    });
    return runs;
  }

  async getRun(runId: number): Promise<WorkflowRunInfo> {
    const r = await this.gh.read(`reading workflow run ${runId}`, Run, 'a workflow run', () =>
      this.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...this.r, run_id: runId }),
    );
    return toRun(r);
  }

  async listJobs(runId: number): Promise<WorkflowJobInfo[]> {
    const jobs = await this.gh.readAll(`listing the jobs of workflow run ${runId}`, Job, 'jobs', () =>
      this.octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
        ...this.r,
        run_id: runId,
        filter: 'latest',
        per_page: 100,
      }),
    );
    return jobs.map(toJob);
  }

  /** A run that finished already (GitHub's 409) is as cancelled as it gets: no error. */
  async cancelRun(runId: number): Promise<void> {
    try {
      await this.gh.call(`cancelling workflow run ${runId}`, () =>
        this.octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
          ...this.r,
          run_id: runId,
        }),
      );
    } catch (e) {
      const status = e instanceof PtError ? (e.details as { status?: number } | undefined)?.status : 0;
      if (status !== 409) throw e;
    }
  }

  /**
   * Papertrail's own gates have decided before it deploys, so GitHub's check of the commit's statuses
   * is skipped (`required_contexts: []`), and nothing is merged into the ref.
   */
  async createDeployment(d: {
    ref: string;
    environment: string;
    description: string;
  }): Promise<{ id: number }> {
    const res = await this.gh.read(
      `creating a deployment of ${d.ref} to ${d.environment}`,
      Id,
      'a deployment',
      () =>
        this.octokit.request('POST /repos/{owner}/{repo}/deployments', {
          ...this.r,
          ref: d.ref,
          environment: d.environment,
          description: d.description.slice(0, 140),
          task: 'deploy',
          auto_merge: false,
          required_contexts: [],
          request: { retries: 0 },
        }),
    );
    return { id: res.id };
  }

  async setDeploymentStatus(
    id: number,
    s: { state: DeploymentState; description: string; logUrl?: string },
  ): Promise<void> {
    await this.gh.call(`setting deployment ${id} to ${s.state}`, () =>
      this.octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        ...this.r,
        deployment_id: id,
        state: s.state,
        // GitHub refuses a description over 140 characters.
        description: s.description.slice(0, 140),
        ...(s.logUrl ? { log_url: s.logUrl } : {}),
      }),
    );
  }
}

function toRunner(r: v.InferOutput<typeof Runner>, scope: ActionsRunner['scope']): ActionsRunner {
  return {
    id: r.id,
    name: r.name,
    status: r.status === 'online' ? 'online' : 'offline',
    busy: r.busy,
    labels: r.labels.map((l) => l.name),
    scope,
  };
}

function toRun(r: v.InferOutput<typeof Run>): WorkflowRunInfo {
  const status = statusOf(r.status, r.conclusion);
  return {
    id: r.id,
    workflowId: r.workflow_id,
    status,
    conclusion: status === 'completed' ? (r.conclusion ?? null) : null,
    event: r.event,
    headSha: r.head_sha,
    createdAt: r.created_at,
    url: r.html_url,
  };
}

function toJob(j: v.InferOutput<typeof Job>): WorkflowJobInfo {
  const status = statusOf(j.status, j.conclusion);
  const runner = j.runner_name ? j.runner_name : null;
  // GitHub fills started_at of a job still waiting for a runner with the time it was queued.
  const started = runner !== null || status === 'in_progress' ? (j.started_at ?? null) : null;
  return {
    id: j.id,
    runId: j.run_id,
    name: j.name,
    status,
    conclusion: status === 'completed' ? (j.conclusion ?? null) : null,
    labels: [...j.labels],
    runnerName: runner,
    createdAt: j.created_at,
    startedAt: started,
    completedAt: status === 'completed' ? (j.completed_at ?? null) : null,
  };
}
