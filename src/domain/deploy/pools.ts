// Which self-hosted runners belong to a pool, and how healthy the pool is. GitHub gives a job to a
// runner that carries every label of its runs-on (compared without regard to case), so a pool is its
// labels and its members are the runners carrying all of them.
import type { ActionsRunner } from '../../ports/forge/index.js';

export type PoolName = 'primary' | 'secondary';

/** online and idle, online and running a job, or not connected to GitHub. */
export type RunnerState = 'idle' | 'busy' | 'offline';

/** ready: every member online and one free; degraded: some offline or none free; down: none online. */
export type PoolVerdict = 'ready' | 'degraded' | 'down';

export interface PoolRunner {
  name: string;
  scope: ActionsRunner['scope'];
  state: RunnerState;
  labels: string[];
}

export interface PoolHealth {
  pool: PoolName;
  labels: string[];
  /** The runners carrying every label of the pool, by name. */
  runners: PoolRunner[];
  idle: number;
  busy: number;
  offline: number;
  verdict: PoolVerdict;
}

const norm = (l: string) => l.trim().toLowerCase();

/** Whether `runner` carries every one of `labels` (as GitHub matches runs-on). */
export function carriesAll(runner: Pick<ActionsRunner, 'labels'>, labels: readonly string[]): boolean {
  const own = new Set(runner.labels.map(norm));
  return labels.every((l) => own.has(norm(l)));
}

/** Whether two label lists name the same pool (order and case aside). */
export function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map(norm));
  const y = new Set(b.map(norm));
  return x.size === y.size && [...x].every((l) => y.has(l));
}

export function runnerState(r: Pick<ActionsRunner, 'status' | 'busy'>): RunnerState {
  if (r.status !== 'online') return 'offline';
  return r.busy ? 'busy' : 'idle';
}

export function poolHealth(
  pool: PoolName,
  labels: readonly string[],
  runners: readonly ActionsRunner[],
): PoolHealth {
  const members = runners
    .filter((r) => carriesAll(r, labels))
    .map((r) => ({ name: r.name, scope: r.scope, state: runnerState(r), labels: [...r.labels] }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.scope < b.scope ? -1 : 1));
  const count = (s: RunnerState) => members.filter((m) => m.state === s).length;
  const idle = count('idle');
  const busy = count('busy');
  const offline = count('offline');
  const verdict: PoolVerdict = idle + busy === 0 ? 'down' : offline > 0 || idle === 0 ? 'degraded' : 'ready';
  return { pool, labels: [...labels], runners: members, idle, busy, offline, verdict };
}

/** One line for a pool: its verdict and what its members are doing. */
export function describePool(p: PoolHealth): string {
  if (p.runners.length === 0)
    return `${p.pool} pool [${p.labels.join(', ')}]: down, no runner carries these labels`;
  const parts = [`${p.idle} idle`, `${p.busy} busy`, `${p.offline} offline`];
  return `${p.pool} pool [${p.labels.join(', ')}]: ${p.verdict} (${parts.join(', ')})`;
}
