// How `work run` says what its loop does. The step command's output goes to stderr, each line
// prefixed with its attempt (`[#2 implement] …`) so that several executors' logs stay readable side
// by side; the loop's own events go to stderr as short lines, or to stdout as one JSON object a line
// with --json, so a supervisor can follow stdout while a person reads stderr.
import type { RunEvent } from '../../app/execution/runner/index.js';
import { terminalSafe } from './terminal-safe.js';

export type RunEventSink = (e: RunEvent) => void;

export function runEventPrinter(
  opts: { json: boolean },
  out: { stdout: (s: string) => void; stderr: (s: string) => void } = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  },
  now: () => Date = () => new Date(),
): RunEventSink {
  let idle = false;
  return (e) => {
    if (e.type === 'output') {
      out.stderr(terminalSafe(`[#${e.issue} ${e.stepKey}] ${e.line}\n`));
      return;
    }
    if (opts.json) {
      const { type, ...rest } = e;
      out.stdout(`${JSON.stringify({ event: type, at: now().toISOString(), ...rest })}\n`);
      return;
    }
    // A wait is said once, not at every empty claim, nor again after a re-read that queued nothing.
    if (e.type === 'scheduled' && e.queued === 0) return;
    if (e.type === 'idle' && idle) return;
    idle = e.type === 'idle';
    const line = eventText(e);
    if (line) out.stderr(terminalSafe(`${line}\n`));
  };
}

/** One line for a person, or null for what only a machine follows (each heartbeat). */
export function eventText(e: RunEvent): string | null {
  const at = 'issue' in e ? `#${e.issue} ${e.stepKey} (attempt ${e.attemptId})` : '';
  switch (e.type) {
    case 'claimed':
      return `claimed ${at}, lease ${seconds(e.leaseMs)}`;
    case 'started':
    case 'heartbeat':
    case 'output':
      return null;
    case 'heartbeat-failed':
      return `warning: ${at}: the lease could not be renewed (${e.code}: ${e.message}); trying again`;
    case 'terminating':
      return `${at}: stopping the command (${TERMINATING[e.why]})`;
    case 'completed':
      return `${at}: completed in ${seconds(e.durationMs)}`;
    case 'failed':
      return `${at}: failed: ${e.reason}`;
    case 'lost':
      return `${at}: given up, not recorded: ${e.message}`;
    case 'idle':
      return `nothing ready; claiming again every ${seconds(e.waitMs)}`;
    case 'scheduled':
      return e.queued === 0 ? null : `re-read the plan: ${e.queued} step(s) ready`;
    case 'schedule-failed':
      return `warning: the plan could not be re-read (${e.code}: ${e.message}); waiting`;
    case 'stopped': {
      const s = e.summary;
      return `stopped (${STOPPED[e.why]}): ${s.claimed} claimed, ${s.completed} completed, ${s.failed} failed, ${s.lost} given up`;
    }
  }
}

const TERMINATING = {
  timeout: 'past its --timeout',
  stopped: 'the executor is stopping',
  'stale-token': 'another executor holds the attempt now',
  'lease-lost': 'the lease ran out without a renewal',
} as const;

const STOPPED = {
  idle: 'nothing ready',
  once: '--once',
  'max-attempts': '--max-attempts reached',
  signal: 'asked to stop',
} as const;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
