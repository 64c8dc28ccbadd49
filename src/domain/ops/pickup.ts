// Whether a deploy job that no runner has picked up should wait, fail over to the pre-approved
// secondary pool, or fail fast; with the diagnosis a person paged for it reads.

export type Pool = 'primary' | 'secondary';

export interface PickupRunner {
  name: string;
  status: 'online' | 'offline';
  busy: boolean;
  labels: readonly string[];
}

export interface PickupJob {
  status: string;
  labels: readonly string[];
  runnerName: string | null;
  createdAt: string;
}

export interface PickupInput {
  pools: { primary: readonly string[]; secondary?: readonly string[] };
  /** The pool the job was dispatched to. */
  pool: Pool;
  runners: readonly PickupRunner[];
  job: PickupJob;
  now: Date;
  pickupMinutes: number;
}

export interface PoolDiagnosis {
  pool: Pool;
  labels: readonly string[];
  runners: { name: string; state: 'online' | 'offline' | 'busy' }[];
  verdict: 'ready' | 'busy' | 'down' | 'none';
}

export interface PickupDiagnosis {
  decision: 'picked' | 'wait' | 'failover' | 'fail';
  pools: PoolDiagnosis[];
  waitedSeconds: number;
  pickupSeconds: number;
  /** One line: what is wrong. */
  summary: string;
  /** What to do about it. */
  hint: string;
}

const carries = (r: PickupRunner, labels: readonly string[]) =>
  labels.every((l) => r.labels.some((x) => x.toLowerCase() === l.toLowerCase()));

function poolOf(pool: Pool, labels: readonly string[], runners: readonly PickupRunner[]): PoolDiagnosis {
  const matching = runners
    .filter((r) => carries(r, labels))
    .map((r) => ({
      name: r.name,
      state: (r.status === 'offline' ? 'offline' : r.busy ? 'busy' : 'online') as
        | 'online'
        | 'offline'
        | 'busy',
    }));
  const verdict = !matching.length
    ? 'none'
    : matching.some((r) => r.state === 'online')
      ? 'ready'
      : matching.some((r) => r.state === 'busy')
        ? 'busy'
        : 'down';
  return { pool, labels, runners: matching, verdict };
}

/** The pools' runners and their state, for a preflight before anything is dispatched. */
export function diagnosePools(
  pools: PickupInput['pools'],
  runners: readonly PickupRunner[],
): PoolDiagnosis[] {
  return [
    poolOf('primary', pools.primary, runners),
    ...(pools.secondary ? [poolOf('secondary', pools.secondary, runners)] : []),
  ];
}

const describe = (p: PoolDiagnosis) =>
  `${p.pool} [${p.labels.join(', ')}]: ${
    p.runners.length
      ? p.runners.map((r) => `${r.name} ${r.state}`).join(', ')
      : 'no runner carries these labels'
  }`;

/**
 * The decision for a queued deploy job. A pool with no online or busy runner will never pick the job
 * up, so that is decided at once; runners that are only busy get `pickupMinutes` from the job's
 * creation. Failover goes to the secondary pool only, and only from the primary.
 */
export function diagnosePickup(i: PickupInput): PickupDiagnosis {
  const pools = diagnosePools(i.pools, i.runners);
  const waitedSeconds = Math.max(0, Math.round((i.now.getTime() - Date.parse(i.job.createdAt)) / 1000));
  const pickupSeconds = i.pickupMinutes * 60;
  const base = { pools, waitedSeconds, pickupSeconds };
  const text = pools.map(describe).join('; ');
  if (i.job.runnerName || i.job.status === 'in_progress' || i.job.status === 'completed')
    return {
      ...base,
      decision: 'picked',
      summary: `picked up by ${i.job.runnerName ?? 'a runner'}`,
      hint: '',
    };
  const here = pools.find((p) => p.pool === i.pool)!;
  const dead = here.verdict === 'none' || here.verdict === 'down';
  if (!dead && waitedSeconds < pickupSeconds)
    return {
      ...base,
      decision: 'wait',
      summary: `queued ${waitedSeconds} s of ${pickupSeconds} s; ${text}`,
      hint: '',
    };
  const why = dead
    ? `no ${i.pool} runner can pick the job up`
    : `no ${i.pool} runner picked the job up within ${i.pickupMinutes} min`;
  const secondary = pools.find((p) => p.pool === 'secondary');
  if (i.pool === 'primary' && secondary && secondary.verdict !== 'none' && secondary.verdict !== 'down')
    return {
      ...base,
      decision: 'failover',
      summary: `${why}; failing over to the pre-approved secondary pool. ${text}`,
      hint: 'Bring the primary runners back (check the runner service on their hosts); later deploys try them first.',
    };
  return {
    ...base,
    decision: 'fail',
    summary: `${why}; ${
      i.pool === 'secondary'
        ? 'the secondary pool was the last one allowed'
        : secondary
          ? 'the secondary pool has no runner online either'
          : 'no pre-approved secondary pool is configured'
    }. ${text}`,
    hint: dead
      ? 'Start the runner service on a host with these labels (./svc.sh status), or add a secondary pool with the same controls under runners.secondary.'
      : 'The runners are busy: wait for their jobs to finish, or add runners with these labels, then deploy again.',
  };
}
