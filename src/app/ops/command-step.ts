import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { killGroup, killGroupOnExit, StreamRedactor } from '../../base/index.js';
import type { EventLog } from './event-log.js';

export interface CommandEnd {
  exitCode: number | null;
  /** Why it was stopped, when it was. */
  stopped: 'timed_out' | 'canceled' | null;
}

/**
 * `sh -c command` in its own process group, in the workspace, with the run's values in its
 * environment. Each line of its output goes to the run's log as it comes (stderr as warnings),
 * redacted as a stream: a secret cut in two by where a chunk of output ends is still found; past
 * the deadline, or when `signal` aborts, the whole group is killed, so nothing it started outlives it.
 */
export function runCommandStep(
  cwd: string,
  command: string,
  env: Record<string, string>,
  timeoutMs: number,
  log: EventLog,
  signal?: AbortSignal,
): Promise<CommandEnd> {
  return new Promise<CommandEnd>((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const forget = killGroupOnExit(child);
    const lines = (source: 'stdout' | 'stderr') => {
      const level = source === 'stderr' ? 'warn' : 'info';
      const decoder = new StringDecoder('utf8');
      const redactor = new StreamRedactor();
      let rest = '';
      const take = (text: string) => {
        const parts = (rest + text).split('\n');
        rest = parts.pop() ?? '';
        for (const l of parts) log.add({ level, source, message: l.replace(/\r$/, '') });
      };
      return {
        push(chunk: Buffer) {
          take(redactor.push(decoder.write(chunk)));
        },
        end() {
          take(redactor.push(decoder.end()) + redactor.end());
          if (rest) log.add({ level, source, message: rest });
          rest = '';
        },
      };
    };
    const out = lines('stdout');
    const err = lines('stderr');
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let stopped: CommandEnd['stopped'] = null;
    const stop = (why: 'timed_out' | 'canceled') => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      killGroup(child);
    };
    const timer = setTimeout(() => stop('timed_out'), timeoutMs);
    const onAbort = () => stop('canceled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let done = false;
    const finish = (exitCode: number | null, spawnError?: Error) => {
      if (done) return;
      done = true;
      forget();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      out.end();
      err.end();
      if (spawnError)
        log.add({ level: 'error', source: 'stderr', message: `could not start sh: ${spawnError.message}` });
      resolve({ exitCode: stopped ? null : exitCode, stopped });
    };
    child.on('error', (e) => finish(null, e));
    // 'close', not 'exit': the output is whole once every pipe has closed.
    child.on('close', (code) => finish(code));
  });
}
