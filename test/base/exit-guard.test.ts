import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitHeld, exitHeldFor, holdExit, tryFileLock, whenExitAllowed } from '../../src/base/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('exit guard', () => {
  it('runs at once when nothing holds the exit', () => {
    let ran = 0;
    whenExitAllowed(() => ran++);
    expect(ran).toBe(1);
  });

  it('waits for the last hold to end; ending a hold twice counts once', () => {
    const a = holdExit();
    const b = holdExit();
    let ran = 0;
    whenExitAllowed(() => ran++);
    a();
    a();
    expect({ ran, held: exitHeld() }).toEqual({ ran: 0, held: true });
    b();
    expect({ ran, held: exitHeld() }).toEqual({ ran: 1, held: false });
  });

  it('says what the latest described hold waits for, until it ends', () => {
    const deploy = { doing: 'the deploy of prod under way', cutShort: 'its command is killed half-way' };
    const plain = holdExit();
    expect(exitHeldFor()).toBeNull();
    const a = holdExit(deploy);
    const b = holdExit({ doing: 'b', cutShort: 'b' });
    expect(exitHeldFor()?.doing).toBe('b');
    b();
    expect(exitHeldFor()).toBe(deploy);
    a();
    a();
    expect([exitHeldFor(), exitHeld()]).toEqual([null, true]);
    plain();
    expect(exitHeld()).toBe(false);
  });

  it('a held lock file holds the exit until its file is gone', () => {
    dir = mkdtempSync(join(tmpdir(), 'pt-guard-'));
    const path = join(dir, 'x.lock');
    const lock = tryFileLock(path);
    if ('busy' in lock) throw new Error('lock taken');
    let fileAtExit: boolean | undefined;
    whenExitAllowed(() => {
      fileAtExit = existsSync(path);
    });
    expect(fileAtExit).toBeUndefined();
    lock.release();
    expect(fileAtExit).toBe(false);
  });
});
