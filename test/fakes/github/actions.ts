// GitHub Actions in the fake: self-hosted runners (of a repository or an organisation), workflows
// started by workflow_dispatch, their runs and jobs, and deployments. A simulated scheduler gives each
// queued job, oldest first, to an online idle runner that can see it and carries all its labels, as
// GitHub does; tests drive the runners and finish jobs through `ActionsControl`.
import type { FakeState } from './state.js';

export interface RunnerRecord {
  id: number;
  name: string;
  os: string;
  status: 'online' | 'offline';
  busy: boolean;
  labels: string[];
  /** `owner/name` of a repository runner, or the organisation of an organisation runner. */
  repo: string | null;
  org: string | null;
  jobId: number | null;
}

export interface WorkflowRecord {
  id: number;
  /** `owner/name`, lower-case. */
  repo: string;
  /** File name in .github/workflows. */
  file: string;
  name: string;
}

export type ActionsStatus = 'queued' | 'in_progress' | 'completed';
export type JobConclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | 'neutral';

export interface RunRecord {
  id: number;
  repo: string;
  workflowId: number;
  runNumber: number;
  event: string;
  status: ActionsStatus;
  conclusion: JobConclusion | null;
  headBranch: string | null;
  headSha: string;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
}

export interface JobRecord {
  id: number;
  runId: number;
  name: string;
  status: ActionsStatus;
  conclusion: JobConclusion | null;
  labels: string[];
  runnerId: number | null;
  runnerName: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
}

export interface DeploymentRecord {
  id: number;
  repo: string;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  createdAt: string;
  statuses: DeploymentStatusRecord[];
}

/** Jobs without `runner_labels` ask for a GitHub-hosted runner, which takes them at once. */
export const HOSTED_LABELS = ['ubuntu-latest'];

const norm = (l: string) => l.toLowerCase();

export class ActionsWorld {
  readonly runners: RunnerRecord[] = [];
  readonly workflows: WorkflowRecord[] = [];
  readonly runs: RunRecord[] = [];
  readonly jobs: JobRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  /** Organisations whose runners the token may not list (403, as without admin:org). */
  readonly hiddenOrgs = new Set<string>();
  private hosted = 0;

  constructor(private readonly state: FakeState) {}

  /** Gives queued jobs, oldest first, to free runners that can see them and carry all their labels. */
  schedule(): void {
    for (const job of this.jobs) {
      if (job.status !== 'queued') continue;
      const run = this.runs.find((r) => r.id === job.runId);
      if (!run) continue;
      if (sameSet(job.labels, HOSTED_LABELS)) {
        this.hosted += 1;
        this.start(job, run, null, `GitHub Actions ${this.hosted}`);
        continue;
      }
      const owner = run.repo.split('/')[0]!;
      const runner = this.runners.find(
        (r) =>
          r.status === 'online' &&
          !r.busy &&
          (r.repo === run.repo || r.org === owner) &&
          job.labels.every((l) => r.labels.some((m) => norm(m) === norm(l))),
      );
      if (runner) this.start(job, run, runner, runner.name);
    }
  }

  private start(job: JobRecord, run: RunRecord, runner: RunnerRecord | null, name: string): void {
    const ts = this.state.timestamp();
    job.status = 'in_progress';
    job.startedAt = ts;
    job.runnerId = runner?.id ?? null;
    job.runnerName = name;
    if (runner) {
      runner.busy = true;
      runner.jobId = job.id;
    }
    if (run.status === 'queued') {
      run.status = 'in_progress';
      run.updatedAt = ts;
    }
  }

  /** Completes a job, frees its runner, and completes its run when no job is left. */
  finish(job: JobRecord, conclusion: JobConclusion): void {
    if (job.status === 'completed') return;
    const ts = this.state.timestamp();
    job.status = 'completed';
    job.conclusion = conclusion;
    job.completedAt = ts;
    const runner = this.runners.find((r) => r.jobId === job.id);
    if (runner) {
      runner.busy = false;
      runner.jobId = null;
    }
    const run = this.runs.find((r) => r.id === job.runId);
    if (run && this.jobs.filter((j) => j.runId === run.id).every((j) => j.status === 'completed')) {
      run.status = 'completed';
      const concl = this.jobs.filter((j) => j.runId === run.id).map((j) => j.conclusion);
      run.conclusion =
        (['cancelled', 'failure', 'timed_out'] as const).find((c) => concl.includes(c)) ?? conclusion;
      run.updatedAt = ts;
    }
  }
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l) => b.some((m) => norm(m) === norm(l)));
}

export interface NewRunner {
  name: string;
  labels: string[];
  /** `owner/name` for a repository runner; give `org` instead for an organisation runner. */
  repo?: string;
  org?: string;
  status?: 'online' | 'offline';
  busy?: boolean;
  os?: string;
}

/** What tests do to the fake's Actions that GitHub's API does not (runners, job outcomes). */
export interface ActionsControl {
  world: ActionsWorld;
  /** A workflow file of a repository that workflow_dispatch can start; returns its id. */
  addWorkflow(repo: string, file: string, name?: string): number;
  addRunner(r: NewRunner): RunnerRecord;
  removeRunner(name: string): void;
  /** Online/offline and busy; a runner going offline fails the job it was running, as GitHub does. */
  setRunner(name: string, s: { status?: 'online' | 'offline'; busy?: boolean }): void;
  finishJob(jobId: number, conclusion?: JobConclusion): void;
  /** The organisation's runners answer 403 (a token without admin:org). */
  hideOrgRunners(org: string): void;
}

export function actionsControl(state: FakeState, world: ActionsWorld): ActionsControl {
  const runner = (name: string) => {
    const r = world.runners.find((x) => x.name === name);
    if (!r) throw new Error(`fake github: no runner ${name}`);
    return r;
  };
  const after = <T>(f: () => T): T => {
    const out = f();
    world.schedule();
    return out;
  };
  return {
    world,
    addWorkflow: (repo, file, name) => {
      const w = {
        id: state.nextId(),
        repo: repo.toLowerCase(),
        file,
        name: name ?? file.replace(/\.ya?ml$/, ''),
      };
      world.workflows.push(w);
      return w.id;
    },
    addRunner: (n) =>
      after(() => {
        if ((n.repo === undefined) === (n.org === undefined))
          throw new Error('fake github: give repo or org');
        const r: RunnerRecord = {
          id: state.nextId(),
          name: n.name,
          os: n.os ?? 'linux',
          status: n.status ?? 'online',
          busy: n.busy ?? false,
          labels: [...n.labels],
          repo: n.repo?.toLowerCase() ?? null,
          org: n.org ?? null,
          jobId: null,
        };
        world.runners.push(r);
        return r;
      }),
    removeRunner: (name) =>
      after(() => {
        const r = runner(name);
        const job = world.jobs.find((j) => j.id === r.jobId);
        if (job) world.finish(job, 'failure');
        world.runners.splice(world.runners.indexOf(r), 1);
      }),
    setRunner: (name, s) =>
      after(() => {
        const r = runner(name);
        if (s.status) r.status = s.status;
        if (s.busy !== undefined) r.busy = s.busy;
        const job = world.jobs.find((j) => j.id === r.jobId);
        if (r.status === 'offline' && job) world.finish(job, 'failure');
        if (r.status === 'offline') r.busy = false;
      }),
    finishJob: (jobId, conclusion = 'success') =>
      after(() => {
        const job = world.jobs.find((j) => j.id === jobId);
        if (!job) throw new Error(`fake github: no job ${jobId}`);
        world.finish(job, conclusion);
      }),
    hideOrgRunners: (org) => {
      world.hiddenOrgs.add(org);
    },
  };
}
