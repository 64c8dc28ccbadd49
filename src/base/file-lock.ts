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
import type { PtError } from './errors.js';
import { holdExit } from './exit-guard.js';

// A lock file whose content has not been written yet belongs to a process in the middle of creating it;
// only after this long do we believe that process died between open and write.
const UNWRITTEN_GRACE_MS = 5_000;
const POLL_MS = 50;

/** Who holds a lock file: enough to tell whether it is still alive and to name it in a message. */
export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Who holds a lock and how long we waited for it, as an error about the lock says it. */
export function lockHolderText(owner: LockOwner | undefined, waitedMs = 0): string {
  const who = owner
    ? `process ${owner.pid} on ${owner.hostname} (since ${owner.startedAt})`
    : 'another process that is still starting';
  if (waitedMs <= 0) return who;
  return `${who} (waited ${waitedMs < 1000 ? `${waitedMs} ms` : `${Math.round(waitedMs / 1000)} s`})`;
}

export interface FileLock {
  readonly path: string;
  release(): void;
}

/** Who holds the lock; undefined while its owner has not written its lock file yet. */
export interface LockBusy {
  busy: LockOwner | undefined;
}

export interface LockWaitOptions {
  /** How long to wait for a live owner to let go; 0 tries once. */
  waitMs: number;
  /** Hears once whom it waits for. */
  onWait?: (owner: LockOwner | undefined) => void;
  /** The error when the lock stays taken; `waitedMs` is 0 when it was tried once. */
  refuse: (owner: LockOwner | undefined, waitedMs: number) => PtError;
}

/**
 * One attempt at `path` as a lock file, created with O_EXCL and holding this process's pid, host and
 * start time. A lock left by a dead process on this host is taken over; one from another host is
 * assumed alive, since its process cannot be seen from here.
 */
export function tryFileLock(path: string): FileLock | LockBusy {
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  let last: LockOwner | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, text)) return held(path, text);
    const current = readLock(path);
    if (current === 'gone') continue;
    last = current === 'unwritten' ? undefined : current;
    if (!isStale(path, current)) return { busy: last };
    const live = takeOver(path);
    if (live) return live;
  }
  return { busy: last };
}

/** The lock, waiting up to `waitMs` for its owner (commands started together queue instead of failing). */
export async function acquireFileLock(path: string, opts: LockWaitOptions): Promise<FileLock> {
  const wait = waiting(opts);
  for (;;) {
    const got = tryFileLock(path);
    if (!('busy' in got)) return got;
    await new Promise((r) => setTimeout(r, wait(got.busy)));
  }
}

/**
 * acquireFileLock for synchronous callers: the wait blocks this thread, which is what a command that
 * cannot go on without the lock wants anyway.
 */
export function acquireFileLockSync(path: string, opts: LockWaitOptions): FileLock {
  const wait = waiting(opts);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const got = tryFileLock(path);
    if (!('busy' in got)) return got;
    Atomics.wait(cell, 0, 0, wait(got.busy));
  }
}

/** After each refusal: how long to sleep before the next try, or the error once the time is up. */
function waiting(opts: LockWaitOptions): (owner: LockOwner | undefined) => number {
  const deadline = Date.now() + opts.waitMs;
  let told = false;
  return (owner) => {
    const left = deadline - Date.now();
    if (left <= 0) throw opts.refuse(owner, told ? opts.waitMs : 0);
    if (!told) {
      told = true;
      opts.onWait?.(owner);
    }
    return Math.min(POLL_MS, left);
  };
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
 * aside; if it turns out to be live, it is linked back and its owner returned.
 */
function takeOver(path: string): LockBusy | undefined {
  const random = process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex');
  const aside = `${path}.stale-${process.pid}-${random}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
    return { busy: moved === 'unwritten' ? undefined : moved };
  }
  unlinkQuiet(aside);
  return undefined;
}

function held(path: string, text: string): FileLock {
  let released = false;
  const letExitGo = holdExit();
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
    // Last: an interrupt that waited for this lock may end the process from here.
    letExitGo();
  };
  // A process that exits without release() still frees the lock; a crash leaves a stale lock we take over.
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
