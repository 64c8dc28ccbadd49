import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  acquireFileLockSync,
  envSecondsMs,
  type LockOwner,
  lockHolderText,
  PtError,
} from '../../base/index.js';
import type { App } from './context.js';

/** The workspace lock, beside the embedded store: one writer of documents at a time. */
export function docsLockPath(root: string): string {
  return join(root, '.papertrail', 'docs.lock');
}

/**
 * How long a writer waits for another to finish: PAPERTRAIL_DOCS_WAIT seconds (0 refuses at once),
 * 10 by default, far longer than any one command holds the lock.
 */
export function docsWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  return envSecondsMs(
    'PAPERTRAIL_DOCS_WAIT',
    10,
    {
      allowZero: true,
      hint: 'Set it to 0 to fail at once when another command is writing, or unset it for the default of 10.',
    },
    env,
  );
}

function lockedError(app: App, path: string, owner: LockOwner | undefined, waitedMs: number): PtError {
  const file = relative(app.cwd, path) || path;
  return new PtError(
    'workspace/locked',
    `The workspace's documents are being changed by ${lockHolderText(owner, waitedMs)}.`,
    {
      hint:
        'Wait for the other papertrail command to finish (PAPERTRAIL_DOCS_WAIT seconds; 10 by default) and run this one again. ' +
        `If no such process exists, delete ${file}.`,
      location: { file },
      exit: 3,
      details: owner,
    },
  );
}

// Held locks by path, so a writer that calls another writer in the same process does not wait for itself.
const held = new Set<string>();

/**
 * Runs `fn` holding the workspace lock: number allocation and every read-modify-write of a document
 * happen inside, from reading the documents to the rename, so two commands (a person's and an
 * assistant's) never hand out one number twice or lose each other's edit. `fn` must be synchronous:
 * nothing slow (a forge, a network call) runs under the lock. Read-only commands never take it, nor
 * does a dry run (`when` false), which writes nothing.
 */
export function withDocsLock<T>(app: App, fn: () => T, when = true): T {
  if (!when) return fn();
  const path = docsLockPath(app.ws.root);
  if (held.has(path)) return fn();
  mkdirSync(join(app.ws.root, '.papertrail'), { recursive: true });
  const lock = acquireFileLockSync(path, {
    waitMs: docsWaitMs(),
    onWait: (owner) => app.onNote?.({ type: 'docs-wait', pid: owner?.pid }),
    refuse: (owner, waitedMs) => lockedError(app, path, owner, waitedMs),
  });
  held.add(path);
  try {
    return fn();
  } finally {
    held.delete(path);
    lock.release();
  }
}
