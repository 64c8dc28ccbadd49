import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/errors.js';
import { openStore, type Store } from '../../../src/ports/store/index.js';
import { type HeldStore, holdStore, kill9 } from './child.js';
import { freshDataDir, removeDataDir } from './pglite-template.js';

delete process.env.DATABASE_URL;

async function refusal(dataDir: string): Promise<PtError> {
  const e = await openStore({ dataDir }).then(
    async (s) => {
      await s.close();
      throw new Error('expected the store to be locked');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PtError);
  return e as PtError;
}

/** A pid that certainly belonged to a process on this host which has since exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

describe('embedded store ownership', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const children: HeldStore[] = [];
  async function dataDir(): Promise<string> {
    const d = await freshDataDir({ migrated: true });
    dirs.push(d);
    return d;
  }

  afterEach(async () => {
    for (const c of children.splice(0)) await kill9(c);
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) removeDataDir(d);
  });

  it('takes a lock file with pid, host and start time, and close() releases it', async () => {
    const dir = await dataDir();
    const s = await openStore({ dataDir: dir });
    const lock = JSON.parse(readFileSync(`${dir}.lock`, 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(lock.startedAt))).toBe(false);

    // The same process opening it twice is refused too: PGlite cannot share a data dir.
    expect((await refusal(dir)).code).toBe('store/locked');

    await s.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    stores.push(await openStore({ dataDir: dir }));
  });

  it('refuses a second process while the owner lives, with a hint, and takes over after it dies', async () => {
    const dir = await dataDir();
    const held = await holdStore(dir, 'hold');
    children.push(held);

    const e = await refusal(dir);
    expect(e.code).toBe('store/locked');
    expect(e.exit).toBe(3);
    expect(e.message).toContain(`process ${held.pid}`);
    expect(e.hint).toContain('DATABASE_URL');

    await kill9(held);
    // The dead owner's lock is stale now: taken over, and its committed write is there.
    const s = await openStore({ dataDir: dir });
    stores.push(s);
    const repos = await s.db.selectFrom('forge_repos').select('name').execute();
    expect(repos.map((r) => r.name)).toEqual(['held']);
  });

  it('waits for a live owner to let go when asked to, and says once whom it waits for', async () => {
    const dir = await dataDir();
    const first = await openStore({ dataDir: dir });
    const heard: unknown[] = [];
    const t0 = Date.now();
    const second = openStore({ dataDir: dir, waitMs: 10_000, onWait: (o) => heard.push(o) });
    setTimeout(() => void first.close(), 300);
    const s = await second;
    stores.push(s);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(heard).toEqual([expect.objectContaining({ pid: process.pid, hostname: hostname() })]);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
  });

  it('gives up after the wait with store/locked saying how long it waited', async () => {
    const dir = await dataDir();
    const held = await holdStore(dir, 'hold');
    children.push(held);
    const t0 = Date.now();
    const e = await openStore({ dataDir: dir, waitMs: 400 }).catch((err: unknown) => err);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(e).toMatchObject({ code: 'store/locked', exit: 3 });
    expect((e as PtError).message).toMatch(new RegExp(`process ${held.pid} .*\\(waited 400 ms\\)`));
  });

  it('reopens the data dir of a process killed with -9 with what it committed, not what it had not', async () => {
    const dir = await dataDir();
    const held = await holdStore(dir, 'crash');
    children.push(held);
    await kill9(held);

    const s = await openStore({ dataDir: dir });
    stores.push(s);
    const names = (await s.db.selectFrom('forge_repos').select('name').orderBy('id').execute()).map(
      (r) => r.name,
    );
    // Guaranteed: what was committed before the last close. Measured: the later commit survives too, as
    // PGlite writes through to the files and a killed process loses no page cache. Never: the row of the
    // transaction the child was inside when it died.
    expect(names).toContain('before-close');
    expect(names).toEqual(['before-close', 'after-close']);
    // And it is a working store, not one that merely opens.
    await s.db.insertInto('forge_repos').values({ owner: 'parent', name: 'after-crash' }).execute();
  });

  it('takes over a stale lock of a dead process on this host', async () => {
    const dir = await dataDir();
    const stale = { pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(`${dir}.lock`, JSON.stringify(stale));
    const s = await openStore({ dataDir: dir });
    stores.push(s);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
  });

  it('refuses a lock held from another host, where liveness cannot be checked', async () => {
    const dir = await dataDir();
    const other = { pid: deadPid(), hostname: `not-${hostname()}`, startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(`${dir}.lock`, JSON.stringify(other));
    const e = await refusal(dir);
    expect(e.code).toBe('store/locked');
    expect(e.message).toContain(`not-${hostname()}`);
  });

  it('treats an empty lock file as being written, until it is old enough to be a crash leftover', async () => {
    const dir = await dataDir();
    writeFileSync(`${dir}.lock`, '');
    expect((await refusal(dir)).code).toBe('store/locked');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${dir}.lock`, old, old);
    stores.push(await openStore({ dataDir: dir }));
  });
});
