// `work run`: an executor's loop. Claim the next ready attempt, run the step's command with the
// handoff, record how it ended, and go on; wait when nothing is ready. Stopping (the AbortSignal a
// face wires to SIGINT and SIGTERM) claims nothing more, ends the command under way and records that
// attempt as failed, so it is retried at once rather than after its lease runs out.
import { PtError } from '../../../base/index.js';
import type { ExecutorOps } from './executor-ops.js';
import { runAttempt } from './run-attempt.js';
import { attemptRef, type RunEvent, type RunSummary, type StopWhy } from './run-events.js';

export interface RunExecutorOptions {
  /** This executor's name, recorded on every attempt it claims. */
  executor: string;
  /** The step command, run by /bin/sh -c in `cwd`. */
  command: string;
  /** The lease each claim asks for; heartbeats renew it every third of it. */
  leaseMs: number;
  /** How long to wait before claiming again when nothing is ready. */
  idleMs: number;
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

export async function runExecutor(ops: ExecutorOps, o: RunExecutorOptions): Promise<RunSummary> {
  checkOptions(o);
  const onEvent = o.onEvent ?? (() => {});
  const summary: RunSummary = { claimed: 0, completed: 0, failed: 0, lost: 0 };
  const stopped = (why: StopWhy) => {
    onEvent({ type: 'stopped', why, summary: { ...summary } });
    return summary;
  };
  for (;;) {
    if (o.signal?.aborted) return stopped('signal');
    if (o.maxAttempts !== undefined && summary.claimed >= o.maxAttempts) return stopped('max-attempts');
    const c = await ops.claim(o.executor, o.leaseMs);
    if (!c) {
      if (o.once || o.untilIdle) return stopped('idle');
      onEvent({ type: 'idle', waitMs: o.idleMs });
      await sleep(o.idleMs, o.signal);
      continue;
    }
    summary.claimed++;
    onEvent({ type: 'claimed', leaseMs: c.leaseMs, ...attemptRef(c) });
    const end = await runAttempt(ops, c, {
      executor: o.executor,
      command: o.command,
      cwd: o.cwd,
      env: o.env ?? process.env,
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      killGraceMs: o.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      ...(o.signal ? { signal: o.signal } : {}),
      onEvent,
    });
    summary[end]++;
    if (o.once) return stopped(o.signal?.aborted ? 'signal' : 'once');
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
