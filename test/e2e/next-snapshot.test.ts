import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, plannedRepo } from '../helpers/cli.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';
import { spawnServe } from '../helpers/serve.js';
import { holdStore, kill9 } from '../ports/store/child.js';

// `next` in an implementing repository on the embedded store answers from the snapshot the last `next`
// kept, without opening the store; every write of the forge's issues drops it first, in this process
// or through serve's socket, and only a `next` that owns the store keeps a new one.
const pgOk = await postgresAvailable('next snapshot [postgres]');

describe('next answers from the snapshot of the local forge', () => {
  it('without opening the store, until a write drops it', async () => {
    const { repo } = plannedRepo();
    const dataDir = join(repo, '.papertrail', 'store');
    const file = join(repo, '.papertrail', 'cache', 'forge-snapshot-v1.json');
    const now = { PAPERTRAIL_STORE_WAIT: '0' };
    expect(existsSync(file)).toBe(false);

    const first = cli(['next'], { cwd: repo });
    expect(first.stdout).toContain('#2 [REQ] Auto-Scaling (SPEC-0001/REQ-001)');
    expect(existsSync(file)).toBe(true);

    // Another process owns the store: a `next` that opened it would be refused at once (wait 0).
    const held = await holdStore(dataDir, 'hold');
    try {
      const refused = await cliAsync(['next'], { cwd: repo, env: { ...now, PAPERTRAIL_NO_CACHE: '1' } });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('error store/locked');
      const second = await cliAsync(['next'], { cwd: repo, env: now });
      expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
      const json = JSON.parse((await cliAsync(['next', '--json'], { cwd: repo, env: now })).stdout);
      expect(json.next).toMatchObject({ number: 2, key: 'SPEC-0001/REQ-001' });
    } finally {
      await kill9(held);
    }

    // A write drops it before writing; the next `next` reads the store and keeps the new answer.
    expect(cli(['issue', 'close', '2'], { cwd: repo }).code).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(cli(['next'], { cwd: repo }).stdout).toContain('#3 [REQ] Security Isolation');
    expect(readFileSync(file, 'utf8')).toContain('"state":"closed"');
  }, 240_000);

  it('while serve lends the store: writes through it drop the snapshot, reads keep none', async () => {
    const { repo } = plannedRepo();
    const file = join(repo, '.papertrail', 'cache', 'forge-snapshot-v1.json');
    expect(cli(['next'], { cwd: repo }).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const { child } = await spawnServe(repo, {});
    try {
      expect((await cliAsync(['issue', 'close', '2'], { cwd: repo })).code).toBe(0);
      expect(existsSync(file)).toBe(false);
      // Read through serve's socket: others write meanwhile, so nothing is kept.
      const next = await cliAsync(['next'], { cwd: repo });
      expect(next.stdout).toContain('#3 [REQ] Security Isolation');
      expect(existsSync(file)).toBe(false);
    } finally {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    expect(cli(['next'], { cwd: repo }).stdout).toContain('#3 [REQ] Security Isolation');
    expect(existsSync(file)).toBe(true);
  }, 240_000);

  it.skipIf(!pgOk)(
    'with DATABASE_URL the forge is read from Postgres, never from the snapshot',
    async () => {
      const { repo } = plannedRepo();
      const file = join(repo, '.papertrail', 'cache', 'forge-snapshot-v1.json');
      expect(cli(['next'], { cwd: repo }).stdout).toContain('#2 [REQ] Auto-Scaling');
      const kept = readFileSync(file, 'utf8');
      const db = await createTestDatabase();
      try {
        const env = { DATABASE_URL: db.url };
        expect(cli(['plan'], { cwd: repo, env }).code).toBe(0);
        expect(cli(['issue', 'close', '2'], { cwd: repo, env }).code).toBe(0);
        expect(cli(['next'], { cwd: repo, env }).stdout).toContain('#3 [REQ] Security Isolation');
        // The embedded store's snapshot is still that store's, untouched.
        expect(readFileSync(file, 'utf8')).toBe(kept);
        expect(cli(['next'], { cwd: repo }).stdout).toContain('#2 [REQ] Auto-Scaling');
      } finally {
        await db.drop();
      }
    },
    240_000,
  );
});
