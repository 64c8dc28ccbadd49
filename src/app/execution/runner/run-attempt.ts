// One claimed attempt, start to end: the handoff file, the command, heartbeats while it runs, and the
// one write that records how it ended. An attempt that turns out to be someone else's is never
// recorded by this executor: the store would refuse the write, and the command is stopped at once
// so that two executors do not work on one step.
import { EXIT, isPtError, PtError, toPtError } from '../../../base/index.js';
import { type ExecutorOps, type HeldAttempt, type RunOutcome, STALE_TOKEN } from './executor-ops.js';
import { type HandoffFile, writeHandoffFile } from './handoff-file.js';
import { OutputLines } from './output-lines.js';
import { type AttemptRef, attemptRef, type LostWhy, type RunEvent } from './run-events.js';
import { type StepExit, startStep } from './step-process.js';

export interface AttemptOptions {
  executor: string;
  command: string;
  /** The workspace: the command runs here, and the handoff file goes under its .papertrail/. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The heartbeat interval; a third of the lease unless given (and shorter than the lease). */
  heartbeatMs?: number;
  killGraceMs: number;
  signal?: AbortSignal;
  onEvent: (e: RunEvent) => void;
  /**
   * Claim the executor's next attempt with the completion (ops.completeAndClaim, where there is one),
   * handing it, or null when nothing is ready, to `took`.
   */
  claimNext?: { leaseMs: number; took: (next: HeldAttempt | null) => void };
}

export type AttemptEnd = 'completed' | 'failed' | 'lost';

/** Why the runner ended the command itself, if it did. */
type Cut = { kind: 'timeout' } | { kind: 'stopped' } | { kind: 'lost'; why: LostWhy; message: string };

export const STOPPED_REASON = 'executor stopped';

export async function runAttempt(ops: ExecutorOps, c: HeldAttempt, o: AttemptOptions): Promise<AttemptEnd> {
  const ref = attemptRef(c);
  const started = Date.now();
  if (o.signal?.aborted)
    return record(ops, c, ref, o, {
      reason: STOPPED_REASON,
      exitCode: null,
      signal: null,
      output: '',
      durationMs: 0,
    });

  let handoff: HandoffFile;
  try {
    handoff = writeHandoffFile(o.cwd, c.handoff);
  } catch (e) {
    // This executor cannot run any step (a full disk, a read-only workspace): the attempt is failed
    // so that it is retried, and the runner stops rather than fail the whole queue the same way.
    const why = e instanceof Error ? e.message : String(e);
    await record(ops, c, ref, o, {
      reason: `the handoff file could not be written: ${why}`,
      exitCode: null,
      signal: null,
      output: '',
      durationMs: Date.now() - started,
    });
    throw new PtError('work/handoff-unwritable', `The handoff file could not be written: ${why}`, {
      hint: `Check that ${o.cwd}/.papertrail/ is writable and the disk has room, then start the executor again.`,
      exit: EXIT.external,
      cause: e,
    });
  }
  try {
    const lines = new OutputLines((stream, line) => o.onEvent({ type: 'output', stream, line, ...ref }));
    const step = startStep(o.command, {
      cwd: o.cwd,
      env: {
        ...o.env,
        PAPERTRAIL_HANDOFF: handoff.path,
        PAPERTRAIL_ATTEMPT: String(c.attemptId),
        PAPERTRAIL_TOKEN: String(c.token),
        PAPERTRAIL_ISSUE: String(c.issue),
        PAPERTRAIL_STEP: c.stepKey,
        PAPERTRAIL_EXECUTOR: o.executor,
      },
      onOutput: (stream, chunk) => lines.write(stream, chunk),
    });
    o.onEvent({ type: 'started', pid: step.pid, ...ref });

    let cut: Cut | undefined;
    let over = false;
    const stop = (why: Cut) => {
      if (cut) return;
      cut = why;
      // A heartbeat still under way when the command ended can still find the token stale: then
      // there is nothing left to stop, only a result not to record.
      if (over) return;
      o.onEvent({ type: 'terminating', why: why.kind === 'lost' ? why.why : why.kind, ...ref });
      step.terminate(o.killGraceMs);
    };

    const beats = heartbeats(ops, c, ref, o, (why, message) => stop({ kind: 'lost', why, message }));
    const timer =
      o.timeoutMs === undefined ? undefined : setTimeout(() => stop({ kind: 'timeout' }), o.timeoutMs);
    const onAbort = () => stop({ kind: 'stopped' });
    o.signal?.addEventListener('abort', onAbort, { once: true });

    let exit: StepExit;
    try {
      exit = await step.exited;
      over = true;
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      await beats.stop();
    }
    lines.end();
    const outcome: RunOutcome = {
      exitCode: exit.exitCode,
      signal: exit.signal,
      output: lines.tail(),
      durationMs: Date.now() - started,
    };
    const ended = cut as Cut | undefined;
    if (ended?.kind === 'lost') {
      o.onEvent({ type: 'lost', why: ended.why, message: ended.message, ...ref });
      return 'lost';
    }
    const reason =
      ended?.kind === 'stopped'
        ? STOPPED_REASON
        : ended?.kind === 'timeout'
          ? `timed out after ${seconds(o.timeoutMs ?? 0)}`
          : failureReason(exit);
    return record(ops, c, ref, o, reason === null ? outcome : { ...outcome, reason });
  } finally {
    handoff.remove();
  }
}

/** Why a command that ended by itself failed; null when it succeeded. */
function failureReason(exit: StepExit): string | null {
  if (exit.spawnError !== undefined) return `the command could not be started: ${exit.spawnError}`;
  if (exit.signal) return `the command was ended by ${exit.signal}`;
  if (exit.exitCode !== 0) return `the command exited with code ${exit.exitCode}`;
  return null;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** Completes or fails the attempt; a stale token at this point means another executor has it. */
async function record(
  ops: ExecutorOps,
  c: HeldAttempt,
  ref: AttemptRef,
  o: AttemptOptions,
  r: RunOutcome | (RunOutcome & { reason: string }),
): Promise<AttemptEnd> {
  try {
    if ('reason' in r) {
      await ops.fail(c, r);
      o.onEvent({
        type: 'failed',
        reason: r.reason,
        exitCode: r.exitCode,
        signal: r.signal,
        durationMs: r.durationMs,
        ...ref,
      });
      return 'failed';
    }
    const refused = await complete(ops, c, r, o);
    if (refused) {
      o.onEvent({
        type: 'failed',
        reason: refused.failed,
        exitCode: r.exitCode,
        signal: r.signal,
        durationMs: r.durationMs,
        ...ref,
      });
      return 'failed';
    }
    o.onEvent({ type: 'completed', exitCode: r.exitCode ?? 0, durationMs: r.durationMs, ...ref });
    return 'completed';
  } catch (e) {
    if (!isStale(e)) throw e;
    o.onEvent({ type: 'lost', why: 'stale-token', message: toPtError(e).message, ...ref });
    return 'lost';
  }
}

/** The completion, with the next claim when asked and ops can; what ops.complete resolves with. */
async function complete(
  ops: ExecutorOps,
  c: HeldAttempt,
  r: RunOutcome,
  o: AttemptOptions,
  // biome-ignore lint/suspicious/noConfusingVoidType: as ops.complete, a completion that went through resolves with nothing.
): Promise<void | { failed: string }> {
  if (!o.claimNext || !ops.completeAndClaim) return ops.complete(c, r);
  const done = await ops.completeAndClaim(c, r, o.executor, o.claimNext.leaseMs);
  if ('failed' in done) return done;
  if (done.next !== undefined) o.claimNext.took(done.next);
}

function isStale(e: unknown): boolean {
  return isPtError(e) && e.code === STALE_TOKEN;
}

/**
 * Renews the lease while the command runs (every third of it unless the options say), one renewal at
 * a time. A stale token
 * ends the attempt at once. Other failures (the store briefly unreachable) are reported and retried
 * on the next beat, until the lease has surely run out since the last renewal that worked: by then
 * the attempt may be another executor's, so it is given up.
 */
function heartbeats(
  ops: ExecutorOps,
  c: HeldAttempt,
  ref: AttemptRef,
  o: Pick<AttemptOptions, 'onEvent' | 'heartbeatMs'>,
  lost: (why: LostWhy, message: string) => void,
): { stop(): Promise<void> } {
  const { onEvent } = o;
  const every =
    o.heartbeatMs !== undefined && o.heartbeatMs < c.leaseMs
      ? o.heartbeatMs
      : Math.max(1, Math.floor(c.leaseMs / 3));
  let renewedAt = Date.now();
  let inFlight: Promise<void> | undefined;
  let over = false;
  const beat = async () => {
    try {
      await ops.heartbeat(c);
      renewedAt = Date.now();
      if (!over) onEvent({ type: 'heartbeat', ...ref });
    } catch (e) {
      const err = toPtError(e);
      // Even when the command has just ended: its result must not be recorded then.
      if (isStale(err)) return lost('stale-token', err.message);
      if (over) return;
      onEvent({ type: 'heartbeat-failed', code: err.code, message: err.message, ...ref });
      if (Date.now() - renewedAt >= c.leaseMs)
        lost('lease-lost', `no heartbeat got through for the whole lease: ${err.message}`);
    }
  };
  const timer = setInterval(() => {
    if (!inFlight) inFlight = beat().finally(() => (inFlight = undefined));
  }, every);
  return {
    async stop() {
      over = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
