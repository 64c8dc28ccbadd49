import type { DeployAction, EnvironmentSettings } from '../../base/index.js';
import {
  type Diagnosis,
  diagnosePickup,
  type PoolName,
  type RunnerPools,
  sameLabels,
} from '../../domain/deploy/index.js';
import type { ActionsPort, WorkflowRunInfo } from '../../ports/forge/index.js';
import type { DeployContext } from './deploy-step.js';

/** Three looks a minute at a watched run: its jobs, and its runners while the job waits (≤ 6 reads). */
export const DEFAULT_DEPLOY_POLL_MS = 20_000;

/** `nothingRan`: no runner ever took the job, so there is nothing to retry on or roll back. */
export type ActionEnd = { ok: true } | { ok: false; error: string; nothingRan?: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The run GitHub made for our dispatch where GitHub did not say which (a server without
 * `return_run_details`): the newest run of the workflow that was not there before and no earlier
 * dispatch of this deploy took (ids, not times: this machine's clock and GitHub's may differ). Deploys
 * of one environment are serialised, so only another environment's deploy of the same workflow could
 * be mistaken for it there.
 */
async function findRun(
  actions: ActionsPort,
  workflow: string,
  before: Set<number>,
  taken: Set<number>,
  d: DeployContext,
): Promise<WorkflowRunInfo | null> {
  const until = Date.now() + Math.max(60_000, d.pollMs * 4);
  while (Date.now() < until) {
    const runs = await actions.listRuns({ workflow, event: 'workflow_dispatch' });
    const mine = runs.find((r) => !before.has(r.id) && !taken.has(r.id));
    if (mine) {
      taken.add(mine.id);
      return mine;
    }
    await sleep(Math.min(d.pollMs, 2_000));
  }
  return null;
}

/**
 * Dispatches the workflow to `pool`'s labels and follows its job until it ends, the environment's
 * timeout passes, or no runner picks it up: then the pickup rule decides between failing over to the
 * secondary pool (the run is canceled and dispatched again there) and failing fast with its diagnosis.
 */
export async function runWorkflow(
  d: DeployContext,
  actions: ActionsPort,
  action: DeployAction & { workflow: string },
  settings: EnvironmentSettings,
  what: 'deploy' | 'rollback',
): Promise<ActionEnd> {
  const pools = poolsOf(settings);
  const deadline = Date.now() + settings.timeoutMinutes * 60_000;
  const taken = new Set<number>();
  let pool: PoolName = 'primary';
  let ranBefore = false;
  for (;;) {
    const labels = pools[pool]!;
    const before = new Set(
      (await actions.listRuns({ workflow: action.workflow, event: 'workflow_dispatch' })).map((r) => r.id),
    );
    const runId = await actions.dispatchWorkflow({
      workflow: action.workflow,
      ref: d.ref,
      inputs: {
        environment: d.environment,
        ref: d.ref,
        run: d.c.run.id,
        runner_labels: JSON.stringify(labels),
      },
    });
    const run =
      runId !== null
        ? await actions.getRun(runId)
        : await findRun(actions, action.workflow, before, taken, d);
    if (!run) return { ok: false, error: `the dispatched ${action.workflow} run did not appear on GitHub` };
    await d.decide(
      `dispatched-${what}`,
      `Dispatched ${action.workflow} to the ${pool} runners [${labels.join(', ')}]`,
      {
        pool,
        labels,
        workflowRun: run.id,
        url: run.url,
      },
    );
    d.workflowUrl = run.url;
    const end = await follow(d, actions, run, pool, pools, settings, deadline);
    if (end.kind === 'done') return end.end;
    await actions.cancelRun(run.id);
    if (end.kind === 'failover') {
      ranBefore ||= end.ran;
      pool = 'secondary';
      continue;
    }
    return {
      ok: false,
      error: `${end.diagnosis.reason} ${end.diagnosis.hint}`,
      ...(end.ran || ranBefore ? {} : { nothingRan: true }),
    };
  }
}

/** The environment's runner pools; without runners: in papertrail.yaml, any self-hosted runner. */
export function poolsOf(settings: EnvironmentSettings): RunnerPools {
  return {
    primary: settings.runners?.primary ?? ['self-hosted'],
    ...(settings.runners?.secondary ? { secondary: settings.runners.secondary } : {}),
  };
}

/** `ran`: some job of the run had a runner before the decision (so something may have changed). */
type Followed =
  | { kind: 'done'; end: ActionEnd }
  | { kind: 'failover' | 'fail'; diagnosis: Diagnosis; ran: boolean };

async function follow(
  d: DeployContext,
  actions: ActionsPort,
  run: WorkflowRunInfo,
  pool: PoolName,
  pools: RunnerPools,
  settings: EnvironmentSettings,
  deadline: number,
): Promise<Followed> {
  let waited: string | null = null;
  const told = new Set<number>();
  for (;;) {
    const jobs = await actions.listJobs(run.id);
    // The run's jobs all ended: it ended, as its worst job did (a skipped job is no failure).
    if (jobs.length && jobs.every((j) => j.status === 'completed')) {
      const bad = jobs.find((j) => j.conclusion !== 'success' && j.conclusion !== 'skipped');
      return {
        kind: 'done',
        end: bad
          ? { ok: false, error: `workflow run ${run.id} ended ${bad.conclusion ?? 'without a conclusion'}` }
          : { ok: true },
      };
    }
    // The job of the pool a runner has yet to take. Jobs on GitHub's own runners (a build before
    // the deploy) are not judged; a self-hosted job outside both pools is, so a workflow whose
    // runs-on ignores runner_labels is told so instead of waiting out its timeout.
    const queued = jobs.filter(
      (j) => j.status !== 'completed' && j.status !== 'in_progress' && !j.runnerName,
    );
    const job =
      queued.find((j) => sameLabels(j.labels, pools[pool]!)) ??
      queued.find((j) => j.labels.some((l) => l.toLowerCase() === 'self-hosted'));
    if (Date.now() >= deadline) {
      await actions.cancelRun(run.id);
      return {
        kind: 'done',
        end: { ok: false, error: `timed out after ${settings.timeoutMinutes} min (workflow run canceled)` },
      };
    }
    for (const j of jobs)
      if (j.runnerName && !told.has(j.id)) {
        told.add(j.id);
        d.c.log.info('deploy', `${j.name}: picked up by ${j.runnerName}`, { job: j.id, pool });
      }
    if (job) {
      const diagnosis = diagnosePickup({
        environment: d.environment,
        pools,
        pool,
        runners: await actions.listRunners(),
        job,
        now: new Date(),
        pickupMinutes: settings.pickupMinutes,
      });
      if (diagnosis.decision === 'failover' || diagnosis.decision === 'fail') {
        const seconds = (Date.now() - Date.parse(job.createdAt)) / 1000;
        await d.detected(seconds, diagnosis);
        return { kind: diagnosis.decision, diagnosis, ran: told.size > 0 };
      }
      const verdicts = `${diagnosis.primary.verdict}/${diagnosis.secondary?.verdict}`;
      if (diagnosis.decision === 'wait' && waited !== verdicts) {
        waited = verdicts;
        d.c.log.info('deploy', `Waiting for a runner: ${diagnosis.reason} ${diagnosis.hint}`, { diagnosis });
      }
    }
    await sleep(d.pollMs);
  }
}
