import { execFile } from 'node:child_process';
import { DEADLINES, deadlineMs, formatWait, PtError, redactText } from '../../base/index.js';

// Git for the ledger runs asynchronously, so that many claimers in one process race through real
// pushes instead of taking turns; every call, local or not, has the git deadline, because a ledger
// command is nothing but git calls and one that hangs must not hold an executor forever.

export interface GitOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Credentials in a remote's URL (https://user:token@host/...) never reach a message. */
export function hideUserInfo(text: string): string {
  return redactText(text).replace(/(\b[a-z][\w+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

/** Runs git in `cwd`; a non-zero exit is returned, not thrown (the caller knows which ones are expected). */
export function gitRun(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitOutcome> {
  const timeout = deadlineMs(DEADLINES.git, env);
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (e.code === 'ENOENT')
          return reject(
            new PtError('git/missing', 'git is not installed or not on PATH', {
              hint: 'Install git; the ledger is a branch of a git repository.',
              exit: 4,
            }),
          );
        if (e.killed) {
          const d = DEADLINES.git;
          return reject(
            new PtError('git/timeout', `git ${args[0]} did not finish within ${formatWait(timeout)}`, {
              hint: `Check the network and the ledger remote; if the transfer is only slow, raise ${d.env} (seconds, ${d.defaultSeconds} by default).`,
              exit: 4,
              details: { timeoutMs: timeout, setting: d.env },
            }),
          );
        }
        resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr });
      },
    );
  });
}

/** Runs git and throws a PtError naming the command and git's first line when it fails. */
export async function gitOk(cwd: string, args: string[]): Promise<string> {
  const r = await gitRun(cwd, args);
  if (r.code === 0) return r.stdout.trimEnd();
  const first = hideUserInfo(r.stderr.trim().split('\n')[0] ?? '');
  throw new PtError('ledger/git-failed', `git ${args[0]} failed for the ledger: ${first}`, {
    hint: `Run git ${args[0]} yourself against the ledger remote to see the whole message.`,
    exit: 4,
  });
}
