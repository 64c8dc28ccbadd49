// The step's command, run through the shell in a process group of its own, so that stopping it stops
// everything it started (a shell pipeline, an agent's tool processes), not only the shell.
import { spawn } from 'node:child_process';
import { killGroupOnExit, signalGroup } from '../../../base/index.js';
import type { Stream } from './output-lines.js';

export interface StepExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all. */
  spawnError?: string;
}

export interface StepProcess {
  pid: number | null;
  /** Settles once the command has exited and its output has been read. */
  exited: Promise<StepExit>;
  /** SIGTERM to the group, then SIGKILL once `graceMs` has passed and it is still running. */
  terminate(graceMs: number): void;
}

/**
 * How long output is still read after the shell exits, before the pipes are let go: something the
 * command left running in the background may hold them open for as long as it lives.
 */
const DRAIN_MS = 200;

export function startStep(
  command: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv; onOutput: (stream: Stream, chunk: Buffer) => void },
): StepProcess {
  const child = spawn('/bin/sh', ['-c', command], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (b: Buffer) => opts.onOutput('stdout', b));
  child.stderr?.on('data', (b: Buffer) => opts.onOutput('stderr', b));
  let running = true;
  let killTimer: NodeJS.Timeout | undefined;
  const forget = killGroupOnExit(child);
  const exited = new Promise<StepExit>((resolve) => {
    let drain: NodeJS.Timeout | undefined;
    const done = (r: StepExit) => {
      running = false;
      clearTimeout(drain);
      forget();
      resolve(r);
    };
    child.once('error', (e) => done({ exitCode: null, signal: null, spawnError: e.message }));
    child.once('exit', (code, signal) => {
      // What is left of the group is the command's background work: the step is over, so it goes too.
      drain = setTimeout(() => {
        signalGroup(child, killTimer ? 'SIGKILL' : 'SIGTERM');
        child.stdout?.destroy();
        child.stderr?.destroy();
        done({ exitCode: code, signal });
      }, DRAIN_MS);
    });
    child.once('close', (code, signal) => done({ exitCode: code, signal }));
  });
  return {
    pid: child.pid ?? null,
    exited,
    terminate(graceMs) {
      if (!running || killTimer) return;
      signalGroup(child, 'SIGTERM');
      // Not cleared when the shell exits: what it started may have outlived it and ignored SIGTERM.
      killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      killTimer.unref();
    },
  };
}
