// `papertrail work run`: an executor's loop on the command line. The face parses the flags, turns
// SIGINT and SIGTERM into the loop's stop signal, and prints its events; the loop and the engine's
// four steps do the rest.
import type { Command } from 'commander';
import type { ExecutorOps, RunExecutorOptions, RunSummary } from '../../../app/execution/runner/index.js';
import { EXIT, exitForSignal, holdExit, PtError } from '../../../base/index.js';
import * as lazy from '../lazy.js';
import { runEventPrinter } from '../run-events.js';
import { type Cli, openApp } from './shared.js';

/**
 * Opens the engine's claim, heartbeat, complete and fail for the workspace in the current directory,
 * runs `use` with them and the workspace's root, and closes what it opened.
 */
export type WithExecutorOps = <T>(
  use: (ops: ExecutorOps, root: string, defaults?: RunDefaults) => Promise<T>,
) => Promise<T>;

/** What the loop uses where a flag is not given: papertrail.yaml's `execution` settings. */
export interface RunDefaults {
  leaseMs: number;
  idleMs: number;
  heartbeatMs?: number;
  rescheduleMs?: number;
}

export interface WorkRunFlags {
  executor?: string;
  command?: string;
  lease?: string;
  idle?: string;
  once?: boolean;
  untilIdle?: boolean;
  timeout?: string;
  maxAttempts?: string;
  json?: boolean;
}

export const DEFAULT_LEASE_SECONDS = 300;
export const DEFAULT_IDLE_SECONDS = 5;

const BUILT_IN: RunDefaults = { leaseMs: DEFAULT_LEASE_SECONDS * 1000, idleMs: DEFAULT_IDLE_SECONDS * 1000 };

/**
 * The engine's steps for the workspace in the current directory, on the store (each step opens it for
 * itself) or on the git ledger when papertrail.yaml sets execution.ledger.
 */
const engineOps: WithExecutorOps = async (use) => {
  const app = await openApp();
  const { executorOps, ledgerExecutorOps, engineSettings, usesLedger } = await lazy.execution();
  const set = engineSettings(app);
  return use(usesLedger(app) ? ledgerExecutorOps(app) : executorOps(app), app.ws.root, {
    leaseMs: set.leaseMs,
    idleMs: set.idleMs,
    heartbeatMs: set.heartbeatMs,
    rescheduleMs: set.rescheduleMs,
  });
};

/** Registers `run` under the `work` command, which it makes when no other work verb has yet. */
export function registerWorkRun(cli: Cli, withOps: WithExecutorOps = engineOps): void {
  workCommand(cli.program)
    .command('run')
    .description('an executor: claim the next ready step, run a command for it, record how it ended; repeat')
    .option('--executor <name>', 'this executor, recorded on every attempt it claims (required)')
    .option('--command <shell>', 'the step command, run with /bin/sh -c in the workspace (required)')
    .option(
      '--lease <seconds>',
      `the lease each claim asks for, renewed while the command runs (default execution.leaseSeconds, ${DEFAULT_LEASE_SECONDS})`,
    )
    .option(
      '--idle <seconds>',
      `how long to wait when nothing is ready (default execution.idleSeconds, ${DEFAULT_IDLE_SECONDS})`,
    )
    .option('--once', 'run at most one attempt, then exit')
    .option('--until-idle', 'exit when nothing is ready instead of waiting')
    .option(
      '--timeout <seconds>',
      "each command's deadline: past it the command is stopped and the attempt failed",
    )
    .option('--max-attempts <n>', 'exit after claiming this many attempts')
    .option('--json', 'one JSON object a line on stdout for each event (the command output stays on stderr)')
    .addHelpText(
      'after',
      '\nThe command gets PAPERTRAIL_HANDOFF (a JSON file with the handoff context), PAPERTRAIL_ATTEMPT,\n' +
        'PAPERTRAIL_TOKEN, PAPERTRAIL_ISSUE, PAPERTRAIL_STEP and PAPERTRAIL_EXECUTOR. Exit 0 completes the\n' +
        'attempt; anything else fails it with the exit code. Either way the end of the output is kept in\n' +
        "the attempt's handoff artifact. Ctrl-C or SIGTERM stops the command, fails its attempt\n" +
        '("executor stopped") and exits. Start several executors to run independent items at once; on one\n' +
        'machine they share the embedded store, with DATABASE_URL a Postgres (see README "Executing the plan");\n' +
        'with execution.ledger set, they claim on the git ledger and need no database.\n' +
        'With nothing ready, the executor re-reads the plan and schedules (at most every\n' +
        'execution.rescheduleSeconds, 60 by default), so a changed plan or a gate passed elsewhere is picked up.\n' +
        'Exit status: 0 when every attempt claimed completed, 1 when one failed or was given up, 130 stopped\n' +
        '(143 by SIGTERM).',
    )
    .action((raw: WorkRunFlags) => cli.run(workRunCommand(raw, withOps)));
}

function workCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'work') ??
    program.command('work').description('execute the plan: schedule, claim and run its steps')
  );
}

export async function workRunCommand(raw: WorkRunFlags, withOps: WithExecutorOps): Promise<number> {
  // Parsed first so that a bad flag is refused before the store opens; again with the settings.
  const flags = parseWorkRunFlags(raw);
  const { runExecutor } = await import('../../../app/execution/runner/index.js');
  const stop = new AbortController();
  // The first signal stops in order; a second one does not wait (the command's process group is
  // still killed as the process exits).
  let stoppedBy: NodeJS.Signals = 'SIGINT';
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(exitForSignal(signal));
    stoppedBy = signal;
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Ctrl-C's usual handling waits for this, so the attempt under way is failed before the exit.
  const release = holdExit();
  let summary: RunSummary;
  try {
    summary = await withOps((ops, root, defaults) =>
      runExecutor(ops, {
        ...parseWorkRunFlags(raw, defaults).options,
        cwd: root,
        signal: stop.signal,
        onEvent: runEventPrinter({ json: flags.json }),
      }),
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release();
  }
  if (stop.signal.aborted) return exitForSignal(stoppedBy);
  return summary.failed + summary.lost > 0 ? EXIT.findings : EXIT.ok;
}

/** The loop's options from the flags as typed; a missing or malformed flag is a usage error. */
export function parseWorkRunFlags(
  raw: WorkRunFlags,
  defaults: RunDefaults = BUILT_IN,
): {
  options: Omit<RunExecutorOptions, 'cwd' | 'signal' | 'onEvent'>;
  json: boolean;
} {
  const executor = required(raw.executor, '--executor', 'Name this executor, like --executor agent-1.');
  const command = required(
    raw.command,
    '--command',
    "Give the step command, like --command './scripts/agent.sh'; it reads the handoff from $PAPERTRAIL_HANDOFF.",
  );
  const timeout = raw.timeout === undefined ? undefined : secondsMs(raw.timeout, '--timeout');
  const maxAttempts = raw.maxAttempts === undefined ? undefined : count(raw.maxAttempts, '--max-attempts');
  return {
    options: {
      executor,
      command,
      leaseMs: raw.lease === undefined ? defaults.leaseMs : secondsMs(raw.lease, '--lease'),
      idleMs: raw.idle === undefined ? defaults.idleMs : secondsMs(raw.idle, '--idle', true),
      ...(defaults.heartbeatMs === undefined ? {} : { heartbeatMs: defaults.heartbeatMs }),
      ...(defaults.rescheduleMs === undefined ? {} : { rescheduleMs: defaults.rescheduleMs }),
      once: !!raw.once,
      untilIdle: !!raw.untilIdle,
      ...(timeout === undefined ? {} : { timeoutMs: timeout }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
    },
    json: !!raw.json,
  };
}

function required(value: string | undefined, flag: string, hint: string): string {
  if (value === undefined || value.trim() === '')
    throw new PtError('usage/missing-flag', `work run needs ${flag}`, { hint, exit: EXIT.usage });
  return value;
}

/** Largest lease Postgres' integer milliseconds hold, a little under 25 days. */
const MAX_MS = 2_147_483_647;

function secondsMs(text: string, flag: string, zeroOk = false): number {
  const s = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  const ms = Math.round(s * 1000);
  if (!Number.isFinite(s) || ms > MAX_MS || (ms < 1 && !zeroOk))
    throw new PtError(
      'usage/bad-seconds',
      `${flag} "${text}" is not ${zeroOk ? 'a' : 'a positive'} number of seconds`,
      {
        hint: `Give seconds, like ${flag} 60 (or 0.5); at most ${Math.floor(MAX_MS / 1000)}.`,
        exit: EXIT.usage,
      },
    );
  return ms;
}

function count(text: string, flag: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new PtError('usage/bad-number', `${flag} "${text}" is not a positive whole number`, {
      hint: `Give a count, like ${flag} 10.`,
      exit: EXIT.usage,
    });
  return n;
}
