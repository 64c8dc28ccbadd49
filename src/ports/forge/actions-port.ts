// What deploys need from GitHub Actions: the self-hosted runners and their state, dispatching a
// workflow, following its runs and jobs, and GitHub's deployment records. Only GitHub has it; on the
// local forge deploys run their commands where Papertrail runs and `actionsOf` refuses.

export type RunnerStatus = 'online' | 'offline';

export interface ActionsRunner {
  id: number;
  name: string;
  status: RunnerStatus;
  busy: boolean;
  labels: string[];
  /** Registered on the repository or on its organisation. */
  scope: 'repository' | 'organization';
}

/** GitHub's run and job states, as GitHub spells them. */
export type ActionsStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

export interface WorkflowRunInfo {
  id: number;
  workflowId: number;
  status: ActionsStatus;
  /** success, failure, cancelled, timed_out, ... once completed; else null. */
  conclusion: string | null;
  event: string;
  headSha: string;
  createdAt: string;
  url: string;
}

export interface WorkflowJobInfo {
  id: number;
  runId: number;
  name: string;
  status: ActionsStatus;
  conclusion: string | null;
  /** The labels of its runs-on: a runner must carry all of them to pick it up. */
  labels: string[];
  /** Set once a runner picked the job up. */
  runnerName: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface WorkflowDispatch {
  /** The workflow's file name in .github/workflows (or its id). */
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface ActionsPort {
  /** Self-hosted runners of the repository and of its organisation (where the token may read them). */
  listRunners(): Promise<ActionsRunner[]>;
  /**
   * Starts a workflow by workflow_dispatch and answers the id of the run GitHub made for it; null
   * where GitHub does not say (a GitHub Enterprise Server without `return_run_details`): then find the
   * run with listRuns.
   */
  dispatchWorkflow(d: WorkflowDispatch): Promise<number | null>;
  /** Runs of a workflow, newest first; `createdAfter` (ISO time) narrows to those created since. */
  listRuns(q: { workflow: string; event?: string; createdAfter?: string }): Promise<WorkflowRunInfo[]>;
  getRun(runId: number): Promise<WorkflowRunInfo>;
  listJobs(runId: number): Promise<WorkflowJobInfo[]>;
  cancelRun(runId: number): Promise<void>;
  /** A GitHub deployment of `ref` to `environment`; its statuses follow the deploy. */
  createDeployment(d: { ref: string; environment: string; description: string }): Promise<{ id: number }>;
  setDeploymentStatus(
    id: number,
    s: { state: DeploymentState; description: string; logUrl?: string },
  ): Promise<void>;
}
