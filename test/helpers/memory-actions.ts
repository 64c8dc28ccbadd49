import type {
  ActionsPort,
  ActionsRunner,
  DeploymentState,
  WorkflowDispatch,
  WorkflowJobInfo,
  WorkflowRunInfo,
} from '../../src/ports/forge/index.js';

// GitHub Actions in memory, for the deploy run's app tests: self-hosted runners that can be taken
// offline, workflow_dispatch making a run with one job whose runs-on is the dispatched `runner_labels`
// (a JSON array, as the deploy workflows read it), and a scheduler that hands a queued job to an idle
// online runner carrying all its labels. It moves one step each time the jobs are read: picked up,
// then finished with what `conclude` says.

export interface MemoryDeployment {
  id: number;
  ref: string;
  environment: string;
  statuses: DeploymentState[];
}

export class MemoryActions implements ActionsPort {
  runners: ActionsRunner[] = [];
  runs: (WorkflowRunInfo & { inputs: Record<string, string> })[] = [];
  jobs: WorkflowJobInfo[] = [];
  deployments: MemoryDeployment[] = [];
  dispatches: WorkflowDispatch[] = [];
  /** Reads of GitHub by kind, to check the deploy stays within a few reads a minute. */
  reads: Record<string, number> = {};
  /** A job's conclusion once its runner has run it. */
  conclude: (job: WorkflowJobInfo, inputs: Record<string, string>) => string = () => 'success';
  /** Shifts the clock jobs are created by (a job created in the past has waited already). */
  createdAgoMs = 0;
  /** Each dispatched run starts with a build job on GitHub's runners, which the deploy job needs. */
  hostedBuild = false;
  private needs = new Map<number, number>();
  private next = 1;

  addRunner(name: string, labels: string[], status: 'online' | 'offline' = 'online'): void {
    this.runners.push({ id: this.next++, name, status, busy: false, labels, scope: 'repository' });
  }

  private read(kind: string) {
    this.reads[kind] = (this.reads[kind] ?? 0) + 1;
  }

  async listRunners(): Promise<ActionsRunner[]> {
    this.read('runners');
    return this.runners.map((r) => ({ ...r, labels: [...r.labels] }));
  }

  /** Answer dispatches without the run's id, as a server without `return_run_details` does. */
  withoutRunDetails = false;

  async dispatchWorkflow(d: WorkflowDispatch): Promise<number | null> {
    this.dispatches.push(d);
    const created = new Date(Date.now() - this.createdAgoMs).toISOString();
    const id = this.next++;
    this.runs.unshift({
      id,
      workflowId: 1,
      status: 'queued',
      conclusion: null,
      event: 'workflow_dispatch',
      headSha: 'a'.repeat(40),
      createdAt: created,
      url: `https://github.com/acme/shop/actions/runs/${id}`,
      inputs: d.inputs,
    });
    if (this.hostedBuild) {
      this.jobs.push({
        id: this.next++,
        runId: id,
        name: 'build',
        status: 'queued',
        conclusion: null,
        labels: ['ubuntu-latest'],
        runnerName: null,
        createdAt: created,
        startedAt: null,
        completedAt: null,
      });
      this.needs.set(this.next, this.next - 1);
    }
    this.jobs.push({
      id: this.next++,
      runId: id,
      name: 'deploy',
      status: 'queued',
      conclusion: null,
      labels: JSON.parse(d.inputs.runner_labels ?? '["self-hosted"]') as string[],
      runnerName: null,
      createdAt: created,
      startedAt: null,
      completedAt: null,
    });
    return this.withoutRunDetails ? null : id;
  }

  async listRuns(q: { workflow: string; event?: string; createdAfter?: string }): Promise<WorkflowRunInfo[]> {
    this.read('runs');
    return this.runs
      .filter(
        (r) =>
          !q.createdAfter ||
          r.createdAt >= new Date(Date.parse(q.createdAfter) - this.createdAgoMs).toISOString(),
      )
      .map(({ inputs: _, ...r }) => r);
  }

  async getRun(runId: number): Promise<WorkflowRunInfo> {
    this.read('run');
    const { inputs: _, ...r } = this.runs.find((x) => x.id === runId)!;
    return r;
  }

  /** One step of the scheduler for the run, then its jobs. */
  async listJobs(runId: number): Promise<WorkflowJobInfo[]> {
    this.read('jobs');
    const run = this.runs.find((r) => r.id === runId)!;
    const jobs = this.jobs.filter((j) => j.runId === runId);
    for (const job of jobs) {
      const need = this.needs.get(job.id);
      if (job.status === 'in_progress') {
        const runner = this.runners.find((r) => r.name === job.runnerName);
        if (runner) runner.busy = false;
        job.status = 'completed';
        job.conclusion = job.labels.includes('ubuntu-latest') ? 'success' : this.conclude(job, run.inputs);
        job.completedAt = new Date().toISOString();
        if (jobs.every((j) => j.status === 'completed')) {
          run.status = 'completed';
          run.conclusion = job.conclusion;
        }
      } else if (need !== undefined && this.jobs.find((j) => j.id === need)?.status !== 'completed') {
        // Waits for the job it needs.
      } else if (job.status === 'queued' && job.labels.includes('ubuntu-latest')) {
        job.status = 'in_progress';
        job.runnerName = 'GitHub Actions 1';
        job.startedAt = new Date().toISOString();
        run.status = 'in_progress';
      } else if (job.status === 'queued') {
        const runner = this.runners.find(
          (r) => r.status === 'online' && !r.busy && job.labels.every((l) => r.labels.includes(l)),
        );
        if (runner) {
          runner.busy = true;
          job.status = 'in_progress';
          job.runnerName = runner.name;
          job.startedAt = new Date().toISOString();
          run.status = 'in_progress';
        }
      }
    }
    return this.jobs.filter((j) => j.runId === runId).map((j) => ({ ...j, labels: [...j.labels] }));
  }

  async cancelRun(runId: number): Promise<void> {
    const run = this.runs.find((r) => r.id === runId)!;
    if (run.status === 'completed') return;
    run.status = 'completed';
    run.conclusion = 'cancelled';
    for (const j of this.jobs.filter((x) => x.runId === runId && x.status !== 'completed')) {
      const runner = this.runners.find((r) => r.name === j.runnerName);
      if (runner) runner.busy = false;
      j.status = 'completed';
      j.conclusion = 'cancelled';
    }
  }

  async createDeployment(d: { ref: string; environment: string; description: string }) {
    const dep = { id: this.next++, ref: d.ref, environment: d.environment, statuses: [] };
    this.deployments.push(dep);
    return { id: dep.id };
  }

  async setDeploymentStatus(id: number, s: { state: DeploymentState }): Promise<void> {
    this.deployments.find((d) => d.id === id)!.statuses.push(s.state);
  }
}
