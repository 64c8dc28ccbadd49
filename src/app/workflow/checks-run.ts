// `checks run`: on the local forge a CI check is a command run against a pull request's head and
// recorded. The run is written in_progress before the command starts and completed after it ends,
// each in a short store session of its own, so the store is free for other commands meanwhile and a
// process killed mid-run leaves a run that says so (the next run of that name supersedes it). On
// GitHub, checks come from GitHub Actions: this refuses there, and `checks list` reads them.
import { spawn } from 'node:child_process';
import { holdExit, killGroup, killGroupOnExit, PtError } from '../../base/index.js';
import type { ForgePort, LocalForge } from '../../ports/forge/index.js';
import { Git } from '../../ports/git/index.js';
import {
  type App,
  type CheckTarget,
  type OpenForge,
  openForge,
  resolveCheckTarget,
} from '../kernel/index.js';

/** The most output held in memory while a command runs; the store keeps a shorter redacted tail of it. */
const HELD_OUTPUT = 64 * 1024;

export interface RunCheckOptions extends CheckTarget {
  name: string;
  command: string;
  /** The command's deadline: past it, its whole process group is killed and the run is timed_out. */
  timeoutMs: number;
  /** Each piece of the command's output as it comes (the CLI shows it live). */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Aborting kills the command and records the run as cancelled. */
  signal?: AbortSignal;
}

export interface RunCheckResult {
  id: number;
  name: string;
  pr: number | null;
  ref: string;
  sha: string | null;
  conclusion: 'success' | 'failure' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  startedAt: string;
  completedAt: string;
  /** The end of the output, redacted, as stored. */
  outputTail: string;
}

export async function runCheck(app: App, opts: RunCheckOptions): Promise<RunCheckResult> {
  return runCheckWith(() => openForge(app), app.ws.root, opts);
}

/** What `checks run --dry-run` says: the check, where it would run, and the command. Nothing is run or written. */
export interface RunCheckPlan {
  name: string;
  pr: number | null;
  ref: string;
  sha: string | null;
  command: string;
  dryRun: true;
}

export async function planCheck(app: App, opts: RunCheckOptions): Promise<RunCheckPlan> {
  checkInput(opts);
  return withLocal(
    () => openForge(app, { readOnly: true }),
    async (forge) => {
      const { pr, ref } = await resolveCheckTarget(forge, opts);
      return {
        name: opts.name,
        pr,
        ref,
        sha: commitOf(app.ws.root, ref),
        command: opts.command,
        dryRun: true,
      };
    },
  );
}

/** runCheck with the forge opened by `open` each time it is needed, and the command run in `cwd`. */
export async function runCheckWith(
  open: () => Promise<OpenForge>,
  cwd: string,
  opts: RunCheckOptions,
): Promise<RunCheckResult> {
  checkInput(opts);
  const started = await withLocal(open, async (forge) => {
    const { pr, ref } = await resolveCheckTarget(forge, opts);
    const sha = commitOf(cwd, ref);
    const run = await forge.startCheck({ name: opts.name, ref, sha, command: opts.command });
    return { pr, run };
  });
  // An interrupt of papertrail waits until the run is recorded (the abort kills the command first).
  const release = holdExit();
  let ended: Ended;
  let completed: { completedAt: Date; outputTail: string };
  try {
    ended = await runCommand(cwd, opts, started.run);
    const e = ended;
    completed = await withLocal(open, (forge) => forge.finishCheck(started.run.id, e));
  } finally {
    release();
  }
  return {
    id: started.run.id,
    name: opts.name,
    pr: started.pr,
    ref: started.run.ref,
    sha: started.run.sha,
    conclusion: ended.conclusion,
    exitCode: ended.exitCode,
    startedAt: started.run.startedAt.toISOString(),
    completedAt: completed.completedAt.toISOString(),
    outputTail: completed.outputTail,
  };
}

function checkInput(opts: RunCheckOptions): void {
  checkName(opts.name);
  if (!opts.command.trim())
    throw new PtError('checks/no-command', 'No command to run for the check', {
      hint: 'Put it after --: papertrail checks run test --pr 5 -- npm test',
      exit: 2,
    });
  if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0)
    throw new PtError('checks/bad-timeout', 'The timeout must be a positive number of seconds', {
      hint: 'For example --timeout 600 for ten minutes.',
      exit: 2,
    });
}

function checkName(name: string): void {
  if (!name.trim() || name.length > 100 || /[\x00-\x1f\x7f]/.test(name))
    throw new PtError('checks/bad-name', `"${name}" is not a check name`, {
      hint: 'A check name is up to 100 printable characters, like test or lint/ts.',
      exit: 3,
    });
}

async function withLocal<T>(
  open: () => Promise<OpenForge>,
  fn: (forge: LocalForge) => Promise<T>,
): Promise<T> {
  const { forge, close } = await open();
  try {
    if (!isLocal(forge))
      throw new PtError('checks/not-local', `Checks of ${forge.repo} come from its CI on ${forge.kind}`, {
        hint: 'GitHub Actions runs them there; papertrail checks list --pr N reads them.',
        exit: 3,
      });
    return await fn(forge);
  } finally {
    await close();
  }
}

function isLocal(forge: ForgePort): forge is LocalForge {
  return forge.kind === 'local';
}

/** The commit `ref` names in the workspace's git, or null where git does not know it. */
function commitOf(cwd: string, ref: string): string | null {
  const git = new Git(cwd);
  if (!git.isRepo()) return null;
  const sha = git.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFail: true }).trim();
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : null;
}

interface Ended {
  conclusion: RunCheckResult['conclusion'];
  exitCode: number | null;
  output: string;
}

/** `sh -c command` in its own process group, so a deadline or an abort ends everything it started. */
function runCommand(
  cwd: string,
  opts: RunCheckOptions,
  run: { name: string; ref: string; sha: string | null },
): Promise<Ended> {
  return new Promise<Ended>((resolve) => {
    const child = spawn('sh', ['-c', opts.command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PAPERTRAIL_CHECK_NAME: run.name,
        PAPERTRAIL_CHECK_REF: run.ref,
        ...(run.sha ? { PAPERTRAIL_CHECK_SHA: run.sha } : {}),
      },
    });
    let held: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer, stream: 'stdout' | 'stderr') => {
      opts.onOutput?.(chunk, stream);
      held.push(chunk);
      size += chunk.length;
      if (size > HELD_OUTPUT * 2) {
        const all = Buffer.concat(held);
        held = [all.subarray(all.length - HELD_OUTPUT)];
        size = HELD_OUTPUT;
      }
    };
    const forget = killGroupOnExit(child);
    child.stdout.on('data', (c: Buffer) => keep(c, 'stdout'));
    child.stderr.on('data', (c: Buffer) => keep(c, 'stderr'));
    let stopped: 'timed_out' | 'cancelled' | null = null;
    const stop = (why: 'timed_out' | 'cancelled') => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      killGroup(child);
    };
    const timer = setTimeout(() => stop('timed_out'), opts.timeoutMs);
    const onAbort = () => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    let done = false;
    const finish = (exitCode: number | null, spawnError?: Error) => {
      if (done) return;
      done = true;
      forget();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      let output = Buffer.concat(held).toString('utf8');
      if (spawnError) output += `\npapertrail: could not start sh: ${spawnError.message}\n`;
      const conclusion = stopped ?? (exitCode === 0 ? 'success' : 'failure');
      resolve({ conclusion, exitCode: stopped ? null : exitCode, output });
    };
    child.on('error', (e) => finish(null, e));
    // 'close', not 'exit': the output is whole once every pipe has closed.
    child.on('close', (code) => finish(code));
  });
}
