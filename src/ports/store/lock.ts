import { acquireFileLock, type FileLock, tryFileLock } from '../../base/index.js';
import { type LockOwner, locked } from './errors.js';

export { pidAlive } from '../../base/index.js';

export type StoreLock = FileLock;

/**
 * Takes `<dataDir>.lock` for this process. PGlite is one Postgres backend in one process: two processes
 * opening the same data dir would each believe they own the files and corrupt them.
 */
export function acquireLock(dataDir: string): StoreLock {
  const got = tryFileLock(`${dataDir}.lock`);
  if ('busy' in got) throw locked(dataDir, got.busy);
  return got;
}

/**
 * acquireLock, waiting up to `waitMs` for a live owner to let go: commands on the local forge hold
 * the store for about a second, so two of them started together (a person's and an assistant's)
 * queue instead of one failing. `onWait` hears once who is being waited for.
 */
export function acquireLockWaiting(
  dataDir: string,
  waitMs: number,
  onWait?: (owner: LockOwner | undefined) => void,
): Promise<StoreLock> {
  return acquireFileLock(`${dataDir}.lock`, {
    waitMs,
    ...(onWait ? { onWait } : {}),
    refuse: (owner, waitedMs) => locked(dataDir, owner, waitedMs),
  });
}
