// Whether a queued deploy job should go on waiting for a runner, fail over to the environment's
// pre-approved secondary pool, or fail with a diagnosis. Failover goes to the secondary pool's labels
// and nowhere else: a deploy never lands on a runner that was not approved for the environment.
import type { ActionsRunner, ActionsStatus } from '../../ports/forge/index.js';
import { describePool, type PoolHealth, type PoolName, poolHealth, sameLabels } from './pools.js';

/** An environment's runner pools (`environments.NAME.runners` of papertrail.yaml). */
export interface RunnerPools {
  primary: string[];
  /** Pre-approved for failover; without it a deploy whose primary pool is down fails. */
  secondary?: string[] | undefined;
}

/** What the diagnosis reads of a job (a WorkflowJobInfo has all of it). */
export interface PickupJob {
  labels: string[];
  status: ActionsStatus;
  createdAt: string;
  startedAt: string | null;
  runnerName: string | null;
}

export interface PickupInput {
  environment: string;
  pools: RunnerPools;
  /** How long a job may wait for a runner (the environment's pickupMinutes). */
  pickupMinutes: number;
  runners: readonly ActionsRunner[];
  job: PickupJob;
  now: Date | number;
  /** The pool the job was dispatched to; by default the pool whose labels the job asks for. */
  pool?: PoolName;
}

/**
 * started: a runner took the job (or it left the queue), nothing to decide; wait: keep polling (also
 * while GitHub holds the job for its environment's protection rules or its concurrency group);
 * failover: dispatch again on `failoverTo` (the secondary pool); fail: stop the deploy.
 */
export type PickupDecision = 'started' | 'wait' | 'failover' | 'fail';

export interface Diagnosis {
  decision: PickupDecision;
  environment: string;
  /** The pool the job waits on; null when its labels are neither pool of the environment. */
  pool: PoolName | null;
  jobLabels: string[];
  waitedSeconds: number;
  pickupSeconds: number;
  primary: PoolHealth;
  secondary: PoolHealth | null;
  /** The secondary pool's labels when the decision is failover, else null. */
  failoverTo: string[] | null;
  /** One line: what happened and why this decision. */
  reason: string;
  /** What an operator does about it. */
  hint: string;
}

const QUEUED: ReadonlySet<ActionsStatus> = new Set(['queued', 'requested']);
/**
 * Held back by GitHub before any runner is asked: `waiting` for the environment's protection rules,
 * `pending` behind another run of its concurrency group. No runner could take it yet, so the pickup
 * clock does not judge the runners by it.
 */
const HELD: ReadonlySet<ActionsStatus> = new Set(['waiting', 'pending']);

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  return m % 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${Math.floor(m / 60)}h`;
}

const list = (labels: readonly string[]) => `[${labels.join(', ')}]`;

function names(p: PoolHealth, state: 'idle' | 'busy' | 'offline'): string[] {
  return p.runners.filter((r) => r.state === state).map((r) => r.name);
}

/** What to do about a pool that cannot take the job. */
function repairHint(p: PoolHealth): string {
  const offline = names(p, 'offline');
  if (p.runners.length === 0)
    return `register a self-hosted runner with the labels ${list(p.labels)} (repository or organisation Settings, Actions, Runners)`;
  if (offline.length > 0)
    return `start the runner service on ${offline.join(', ')} (./svc.sh status, then ./svc.sh start in the runner's folder) and check it reaches GitHub`;
  return `the ${p.pool} runners are all busy (${names(p, 'busy').join(', ')}): wait for their jobs, or add runners with the labels ${list(p.labels)}`;
}

export function diagnosePickup(input: PickupInput): Diagnosis {
  const { environment, pools, job } = input;
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  const created = Date.parse(job.createdAt);
  const waitedSeconds = Number.isFinite(created) ? Math.max(0, Math.floor((now - created) / 1000)) : 0;
  const pickupSeconds = Math.max(0, Math.round(input.pickupMinutes * 60));
  const primary = poolHealth('primary', pools.primary, input.runners);
  const secondary = pools.secondary ? poolHealth('secondary', pools.secondary, input.runners) : null;
  // A pool the environment does not have is no pool: the job is then judged as asking for neither.
  const given = input.pool === 'secondary' && !secondary ? null : input.pool;
  const pool: PoolName | null =
    given !== undefined
      ? given
      : sameLabels(job.labels, pools.primary)
        ? 'primary'
        : pools.secondary && sameLabels(job.labels, pools.secondary)
          ? 'secondary'
          : null;
  const base = {
    environment,
    pool,
    jobLabels: [...job.labels],
    waitedSeconds,
    pickupSeconds,
    primary,
    secondary,
    failoverTo: null,
  };
  const waited = `waited ${formatDuration(waitedSeconds)} of ${formatDuration(pickupSeconds)}`;

  if (HELD.has(job.status) && job.runnerName === null) {
    const why =
      job.status === 'waiting'
        ? "GitHub's protection rules of the environment (an approval or a wait timer)"
        : 'another run of its concurrency group to finish';
    return {
      ...base,
      decision: 'wait',
      reason: `The deploy job of ${environment} is waiting for ${why}, not for a runner.`,
      hint: "Nothing to do about runners; the deploy's timeoutMinutes still applies.",
    };
  }

  if (!QUEUED.has(job.status) || job.runnerName !== null || job.startedAt !== null) {
    const on = job.runnerName ? ` on ${job.runnerName}` : '';
    return {
      ...base,
      decision: 'started',
      reason: `The deploy job of ${environment} is ${job.status.replace('_', ' ')}${on}.`,
      hint: 'Nothing to do about runners.',
    };
  }

  if (pool === null) {
    const pools2 = secondary ? `${list(primary.labels)} or ${list(secondary.labels)}` : list(primary.labels);
    return {
      ...base,
      decision: 'fail',
      reason: `The deploy job of ${environment} asks for runners ${list(job.labels)}, which are not its pools ${pools2}.`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression for the user to copy.
      hint: "Make the deploy workflow's runs-on read its runner_labels input: runs-on: ${{ fromJSON(inputs.runner_labels) }}.",
    };
  }

  const own = pool === 'primary' ? primary : (secondary as PoolHealth);
  const canFailOver = pool === 'primary' && secondary !== null && secondary.verdict !== 'down';
  const timedOut = waitedSeconds >= pickupSeconds;
  const state = `${describePool(own)}${own === primary && secondary ? `; ${describePool(secondary)}` : ''}`;
  const head = `The deploy job of ${environment} has ${waited} for a runner with ${list(own.labels)}`;

  if (canFailOver && (timedOut || own.verdict === 'down')) {
    const why = timedOut ? 'no primary runner took it in time' : 'the primary pool is down';
    return {
      ...base,
      decision: 'failover',
      failoverTo: [...(secondary as PoolHealth).labels],
      reason: `${head}: ${why}, failing over to the pre-approved secondary pool. ${state}.`,
      hint: `To bring the primary pool back: ${repairHint(own)}.`,
    };
  }

  // Nothing registered can ever take it and there is nowhere to fail over: waiting changes nothing.
  const hopeless = own.runners.length === 0;
  if (timedOut || hopeless) {
    const why = timedOut ? 'no runner took it in time' : 'no runner carries those labels';
    const nowhere =
      pool === 'secondary'
        ? 'it already runs on the secondary pool'
        : secondary
          ? 'the secondary pool is down too'
          : 'the environment has no pre-approved secondary pool';
    const extra =
      pool === 'primary' && !secondary
        ? ` Or pre-approve a secondary pool (environments.${environment}.runners.secondary).`
        : pool === 'primary' && secondary
          ? ` For the secondary pool: ${repairHint(secondary)}.`
          : '';
    return {
      ...base,
      decision: 'fail',
      reason: `${head}: ${why} and ${nowhere}. ${state}.`,
      hint: `${capitalise(repairHint(own))}.${extra}`,
    };
  }

  const idle =
    own.idle > 0
      ? `${own.idle} idle runner${own.idle === 1 ? '' : 's'} can take it`
      : 'no runner is free yet';
  const then = canFailOver || (pool === 'primary' && secondary) ? 'fails over' : 'fails';
  return {
    ...base,
    decision: 'wait',
    reason: `${head}: ${idle}. ${state}.`,
    hint: `It ${then} after ${formatDuration(pickupSeconds - waitedSeconds)} more without a runner.`,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
