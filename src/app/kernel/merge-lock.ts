import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  acquireFileLock,
  EXIT,
  envSecondsMs,
  type LockOwner,
  lockHolderText,
  PtError,
} from '../../base/index.js';
import type { App } from './context.js';

/**
 * The lock over the workspace's git checkout, beside the embedded store. It is a file, not a database
 * lock: executors sharing one Postgres may still share one folder, and git's own index.lock only
 * makes the second of two merges fail, or lets it run on a checkout the first has just moved.
 */
export function mergeLockPath(root: string): string {
  return join(root, '.papertrail', 'merge.lock');
}

/**
 * How long a merge waits for another to finish: PAPERTRAIL_MERGE_WAIT seconds (0 refuses at once),
 * 60 by default, since the other merge writes to the forge too while it holds the lock.
 */
export function mergeWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  return envSecondsMs(
    'PAPERTRAIL_MERGE_WAIT',
    60,
    {
      allowZero: true,
      hint: 'Set it to 0 to fail at once when another merge is running, or unset it for the default of 60.',
    },
    env,
  );
}

function busyError(app: App, path: string, owner: LockOwner | undefined, waitedMs: number): PtError {
  const file = relative(app.cwd, path) || path;
  return new PtError(
    'pr/merge-busy',
    `Another merge in ${app.ws.root} is running: the workspace's git checkout is held by ${lockHolderText(owner, waitedMs)}.`,
    {
      hint:
        'Merge again once the other papertrail process is done (PAPERTRAIL_MERGE_WAIT seconds are waited; 60 by default). ' +
        `If no such process exists (one on another machine sharing this folder may have died), delete ${file}.`,
      location: { file },
      exit: EXIT.external,
      details: owner,
    },
  );
}

/**
 * Runs `fn` holding the merge lock, so merges in one workspace take turns from their first look at
 * the branches to the forge's record. The lock is released however `fn` ends; a holder killed
 * outright leaves a lock that the next merge on this host takes over.
 */
export async function withMergeLock<T>(app: App, fn: () => Promise<T>): Promise<T> {
  const path = mergeLockPath(app.ws.root);
  mkdirSync(join(app.ws.root, '.papertrail'), { recursive: true });
  const lock = await acquireFileLock(path, {
    waitMs: mergeWaitMs(),
    onWait: (owner) => app.onNote?.({ type: 'merge-wait', pid: owner?.pid }),
    refuse: (owner, waitedMs) => busyError(app, path, owner, waitedMs),
  });
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
