// How long Papertrail waits for each system outside the process before it gives up. They are set
// per environment (a slow proxy, a far database), not per project, so they are environment variables
// beside PAPERTRAIL_STORE_WAIT rather than papertrail.yaml keys.
import { PtError } from './errors.js';

export interface Deadline {
  /** The environment variable that sets it, in seconds. */
  env: string;
  /** Seconds when the variable is unset. */
  defaultSeconds: number;
  /** What it bounds, for messages. */
  what: string;
}

export const DEADLINES = {
  /** Each GitHub API request (connecting, the answer and its body). */
  github: { env: 'PAPERTRAIL_GITHUB_TIMEOUT', defaultSeconds: 30, what: 'each GitHub API request' },
  /** Connecting to DATABASE_URL, and each statement sent to it. */
  database: {
    env: 'PAPERTRAIL_DATABASE_TIMEOUT',
    defaultSeconds: 30,
    what: 'connecting to DATABASE_URL and each statement',
  },
  /** Each git command that reaches the network (clone, fetch, push, pull, ls-remote). */
  git: { env: 'PAPERTRAIL_GIT_TIMEOUT', defaultSeconds: 300, what: 'each git clone, fetch or push' },
} as const satisfies Record<string, Deadline>;

/**
 * Seconds from environment variable `name`, in milliseconds; unset or empty gives the default. A wait
 * may be 0 (refuse at once); a deadline must be positive. Anything else is a usage error.
 */
export function envSecondsMs(
  name: string,
  defaultSeconds: number,
  opts: { allowZero: boolean; hint: string },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[name];
  const s = raw === undefined || raw.trim() === '' ? defaultSeconds : Number(raw);
  if (!Number.isFinite(s) || s < 0 || (s === 0 && !opts.allowZero)) {
    const kind = opts.allowZero ? 'a number' : 'a positive number';
    throw new PtError('config/bad-env', `${name} must be ${kind} of seconds, not "${raw}"`, {
      hint: opts.hint,
      exit: 2,
    });
  }
  return Math.round(s * 1000);
}

/** The deadline in milliseconds from the environment; a value that is not a positive number is a usage error. */
export function deadlineMs(d: Deadline, env: NodeJS.ProcessEnv = process.env): number {
  return envSecondsMs(
    d.env,
    d.defaultSeconds,
    {
      allowZero: false,
      hint: `It bounds ${d.what}; set it like ${d.env}=60, or unset it for the default of ${d.defaultSeconds}.`,
    },
    env,
  );
}

/** "30 s", "1.5 s", "250 ms": a wait as a person reads it. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
