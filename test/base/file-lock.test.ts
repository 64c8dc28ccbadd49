import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLockSync, type LockOwner, PtError, tryFileLock } from '../../src/base/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pt-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refuse = (owner: LockOwner | undefined, waitedMs: number) =>
  new PtError('test/locked', `held by ${owner?.pid} (waited ${waitedMs})`, { hint: 'test', exit: 3 });

describe('file lock', () => {
  it('is exclusive: a second attempt sees the owner, and release frees it', () => {
    const path = join(dir, 'x.lock');
    const first = tryFileLock(path);
    expect('busy' in first).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    // Our own pid is alive, so the lock is not stale even for us.
    expect(tryFileLock(path)).toEqual({ busy: expect.objectContaining({ pid: process.pid }) });
    if ('busy' in first) throw new Error('unreachable');
    first.release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits (synchronously) for the owner to die, says once whom it waits for, then takes over', () => {
    const path = join(dir, 'x.lock');
    // An orphan (its shell has exited), so its exit is reaped by init while this thread is blocked.
    const pid = Number(
      spawnSync('sh', ['-c', 'sleep 0.7 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).stdout,
    );
    writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), startedAt: 'then' }));
    const heard: (LockOwner | undefined)[] = [];
    const t0 = Date.now();
    const lock = acquireFileLockSync(path, { waitMs: 20_000, onWait: (o) => heard.push(o), refuse });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(heard).toEqual([expect.objectContaining({ pid })]);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('gives up with the caller’s error after the wait; a lock from another host is never stale', () => {
    const path = join(dir, 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, startedAt: 'then' }));
    expect(() => acquireFileLockSync(path, { waitMs: 0, refuse })).toThrow('held by 1 (waited 0)');
    expect(() => acquireFileLockSync(path, { waitMs: 200, refuse })).toThrow('held by 1 (waited 200)');
    expect(existsSync(path)).toBe(true);
  });
});
