import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { isPtError } from '../../base/errors.js';
import { type LockOwner, locked } from './errors.js';

// A lock file whose content has not been written yet belongs to a process in the middle of creating it;
// only after this long do we believe that process died between open and write.
const UNWRITTEN_GRACE_MS = 5_000;

export interface StoreLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes `<dataDir>.lock` for this process. PGlite is one Postgres backend in one process: two processes
 * opening the same data dir would each believe they own the files and corrupt them.
 */
export function acquireLock(dataDir: string): StoreLock {
  const path = `${dataDir}.lock`;
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;

  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, text)) return held(path, text);
    const current = readLock(path);
    if (current === 'gone') continue;
    if (!isStale(path, current)) throw locked(dataDir, current === 'unwritten' ? undefined : current);
    takeOver(path, dataDir);
  }
  throw locked(dataDir, undefined);
}

const POLL_MS = 50;

/**
 * acquireLock, waiting up to `waitMs` for a live owner to let go: commands on the local forge hold
 * the store for about a second, so two of them started together (a person's and an assistant's)
 * queue instead of one failing. `onWait` hears once who is being waited for.
 */
export async function acquireLockWaiting(
  dataDir: string,
  waitMs: number,
  onWait?: (owner: LockOwner | undefined) => void,
): Promise<StoreLock> {
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      return acquireLock(dataDir);
    } catch (e) {
      const left = deadline - Date.now();
      if (!isPtError(e) || e.code !== 'store/locked') throw e;
      if (left <= 0) throw told ? locked(dataDir, e.details as LockOwner | undefined, waitMs) : e;
      if (!told) {
        told = true;
        onWait?.(e.details as LockOwner | undefined);
      }
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, left)));
    }
  }
}

function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): LockOwner | 'unwritten' | 'gone' {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt ?? '') };
    }
  } catch {
    // fall through: a torn or empty write
  }
  return 'unwritten';
}

function isStale(path: string, owner: LockOwner | 'unwritten'): boolean {
  if (owner === 'unwritten') {
    try {
      return Date.now() - statSync(path).mtimeMs > UNWRITTEN_GRACE_MS;
    } catch {
      return true;
    }
  }
  // On another host we cannot see the process, so we must assume it is alive.
  if (owner.hostname !== hostname()) return false;
  return !pidAlive(owner.pid);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock without ever removing a live one: two processes may find the same stale lock, and
 * the slower one must not unlink the fresh lock the faster one just made. Renaming moves exactly one file
 * aside; if it turns out to be live, it is linked back.
 */
function takeOver(path: string, dataDir: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readLock(aside);
  if (moved !== 'gone' && !isStale(aside, moved)) {
    try {
      linkSync(aside, path);
    } catch {
      // someone else holds the path now; their lock wins either way
    }
    unlinkQuiet(aside);
    throw locked(dataDir, moved === 'unwritten' ? undefined : moved);
  }
  unlinkQuiet(aside);
}

function held(path: string, text: string): StoreLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only remove the file if it is still ours (a human may have deleted and someone else re-taken it).
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  // A process that exits without close() still frees the store; a crash leaves a stale lock we take over.
  process.on('exit', release);
  return { path, release };
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}
