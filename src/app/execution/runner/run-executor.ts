// `work run`: an executor's loop. Claim the next ready attempt, run the step's command with the
// handoff, record how it ended (a completion claims the next attempt in the same transaction, where
// the ops can), and go on; when nothing is ready, re-read the plan and schedule (at
// most once per interval, so that a plan changed or a gate passed elsewhere is picked up without a
// person running work schedule), and wait. Stopping (the AbortSignal a
// face wires to SIGINT and SIGTERM) claims nothing more, ends the command under way and records that
// attempt as failed, so it is retried at once rather than after its lease runs out.
import { PtError, toPtError } from '../../../base/index.js';
import type { ExecutorOps, HeldAttempt } from './executor-ops.js';
import { runAttempt } from './run-attempt.js';
import { attemptRef, type RunEvent, type RunSummary, type StopWhy } from './run-events.js';

export interface RunExecutorOptions {
  /** This executor's name, recorded on every attempt it claims. */
  executor: string;
  /** The step command, run by /bin/sh -c in `cwd`. */
  command: string;
  /** The lease each claim asks for. */
  leaseMs: number;
  /** How often heartbeats renew the lease while a command runs; a third of the lease unless given. */
  heartbeatMs?: number;
  /** How long to wait before claiming again when nothing is ready. */
  idleMs: number;
  /**
   * When nothing is ready, the plan is re-read and scheduled (ops.schedule) at most this often; not
   * with `once` or `untilIdle`, which return instead. Default DEFAULT_RESCHEDULE_MS.
   */
  rescheduleMs?: number;
  /** Run at most one attempt, then return (at once when nothing is ready). */
  once?: boolean;
  /** Return when nothing is ready instead of waiting. */
  untilIdle?: boolean;
  /** Return after this many claims. */
  maxAttempts?: number;
  /** Each command's deadline: past it the command is ended and its attempt failed. */
  timeoutMs?: number;
  /** How long an ended command has between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  signal?: AbortSignal;
  /** The workspace root. */
  cwd: string;
  /** The command's environment, before the PAPERTRAIL_ variables are added. */
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: RunEvent) => void;
}

export const DEFAULT_KILL_GRACE_MS = 10_000;
export const DEFAULT_RESCHEDULE_MS = 60_000;

export async function runExecutor(ops: ExecutorOps, o: RunExecutorOptions): Promise<RunSummary> {
  checkOptions(o);
  const onEvent = o.onEvent ?? (() => {});
  const summary: RunSummary = { claimed: 0, completed: 0, failed: 0, lost: 0 };
  const stopped = (why: StopWhy) => {
    onEvent({ type: 'stopped', why, summary: { ...summary } });
    return summary;
  };
  const rescheduleMs = o.rescheduleMs ?? DEFAULT_RESCHEDULE_MS;
  let scheduledAt = Number.NEGATIVE_INFINITY;
  // The attempt claimed with the last completion (null: nothing was ready), or undefined: claim now.
  let held: HeldAttempt | null | undefined;
  for (;;) {
    // One held is run even when stopping: runAttempt fails it at once, so it is retried at once.
    if (!held) {
      if (o.signal?.aborted) return stopped('signal');
      if (o.maxAttempts !== undefined && summary.claimed >= o.maxAttempts) return stopped('max-attempts');
    }
    const c = held !== undefined ? held : await ops.claim(o.executor, o.leaseMs);
    held = undefined;
    if (!c) {
      if (o.once || o.untilIdle) return stopped('idle');
      if (ops.schedule && Date.now() - scheduledAt >= rescheduleMs) {
        scheduledAt = Date.now();
        if ((await scheduleOnce(ops.schedule, onEvent)) > 0) continue;
      }
      onEvent({ type: 'idle', waitMs: o.idleMs });
      await sleep(o.idleMs, o.signal);
      continue;
    }
    summary.claimed++;
    onEvent({ type: 'claimed', leaseMs: c.leaseMs, ...attemptRef(c) });
    const more = !o.once && (o.maxAttempts === undefined || summary.claimed < o.maxAttempts);
    const end = await runAttempt(ops, c, {
      executor: o.executor,
      command: o.command,
      cwd: o.cwd,
      ...(o.heartbeatMs === undefined ? {} : { heartbeatMs: o.heartbeatMs }),
      env: o.env ?? process.env,
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      killGraceMs: o.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      ...(o.signal ? { signal: o.signal } : {}),
      onEvent,
      ...(more && !o.signal?.aborted
        ? {
            claimNext: {
              leaseMs: o.leaseMs,
              took: (next: HeldAttempt | null) => {
                held = next;
              },
            },
          }
        : {}),
    });
    summary[end]++;
    if (o.once) return stopped(o.signal?.aborted ? 'signal' : 'once');
  }
}

/**
 * One re-read of the plan; how many attempts it queued. A failure (the forge unreachable, the plan
 * unreadable) is reported and the loop goes on waiting: an executor outlives a network outage.
 */
async function scheduleOnce(
  schedule: () => Promise<number>,
  onEvent: (e: RunEvent) => void,
): Promise<number> {
  try {
    const queued = await schedule();
    onEvent({ type: 'scheduled', queued });
    return queued;
  } catch (e) {
    const err = toPtError(e);
    onEvent({ type: 'schedule-failed', code: err.code, message: err.message });
    return 0;
  }
}

function checkOptions(o: RunExecutorOptions): void {
  const bad = (what: string, value: unknown, rule: string) =>
    new PtError('work/bad-run-option', `${what} must be ${rule}, not ${String(value)}`, {
      hint: 'See papertrail work run --help.',
      exit: 2,
    });
  if (!o.executor.trim()) throw bad('The executor name', JSON.stringify(o.executor), 'given');
  if (!o.command.trim()) throw bad('The command', JSON.stringify(o.command), 'given');
  if (!(Number.isInteger(o.leaseMs) && o.leaseMs > 0)) throw bad('The lease', o.leaseMs, 'positive');
  if (!(Number.isFinite(o.idleMs) && o.idleMs >= 0)) throw bad('The idle wait', o.idleMs, 'zero or more');
  if (o.heartbeatMs !== undefined && !(Number.isInteger(o.heartbeatMs) && o.heartbeatMs > 0))
    throw bad('The heartbeat interval', o.heartbeatMs, 'positive');
  if (o.rescheduleMs !== undefined && !(Number.isFinite(o.rescheduleMs) && o.rescheduleMs >= 0))
    throw bad('The reschedule interval', o.rescheduleMs, 'zero or more');
  if (o.timeoutMs !== undefined && !(Number.isFinite(o.timeoutMs) && o.timeoutMs > 0))
    throw bad('The timeout', o.timeoutMs, 'positive');
  if (o.maxAttempts !== undefined && !(Number.isInteger(o.maxAttempts) && o.maxAttempts > 0))
    throw bad('The most attempts', o.maxAttempts, 'a positive whole number');
}

/** Waits `ms`, or less when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
