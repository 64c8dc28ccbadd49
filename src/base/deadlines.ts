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

/** The deadline in milliseconds from the environment; a value that is not a positive number is a usage error. */
export function deadlineMs(d: Deadline, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[d.env];
  const s = raw === undefined || raw.trim() === '' ? d.defaultSeconds : Number(raw);
  if (!Number.isFinite(s) || s <= 0) {
    throw new PtError('config/bad-env', `${d.env} must be a positive number of seconds, not "${raw}"`, {
      hint: `It bounds ${d.what}; set it like ${d.env}=60, or unset it for the default of ${d.defaultSeconds}.`,
      exit: 2,
    });
  }
  return Math.round(s * 1000);
}

/** "30 s", "1.5 s", "250 ms": a wait as a person reads it. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
