import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { PtError } from '../../../src/base/errors.js';
import { LATEST_VERSION, openStore, type Store } from '../../../src/ports/store/index.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';

const pgOk = await postgresAvailable('openStore backend choice [postgres]');

describe('openStore backend choice', () => {
  const stores: Store[] = [];
  const saved = process.env.DATABASE_URL;
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await dropTestDatabases();
  });

  it('needs somewhere to keep the data', async () => {
    delete process.env.DATABASE_URL;
    await expect(openStore({})).rejects.toThrow(/url, DATABASE_URL, a dataDir, or memory/);
  });

  it('keeps an in-memory store unlocked and migrated', async () => {
    delete process.env.DATABASE_URL;
    const s = await openStore({ memory: true });
    stores.push(s);
    expect(s).toMatchObject({ kind: 'pglite', schemaVersion: LATEST_VERSION });
    await s.close();
    await s.close(); // idempotent
  });

  it('starts the embedded store with small shared buffers (zeroing 128 MB cost every command ~0.3 s)', async () => {
    delete process.env.DATABASE_URL;
    const s = await openStore({ memory: true });
    stores.push(s);
    const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(s.db);
    expect(rows[0]?.shared_buffers).toBe('16MB');
  });

  it('reports an unreachable Postgres as an external failure, without its password', async () => {
    const e = await openStore({ url: 'postgres://pt:sekret@127.0.0.1:1/nowhere' }).catch(
      (err: unknown) => err,
    );
    expect(e).toMatchObject({ code: 'store/unavailable', exit: 4 });
    expect((e as Error).message).toContain('127.0.0.1:1');
    expect((e as Error).message).not.toContain('sekret');
    expect((e as PtError).hint).toContain('DATABASE_URL');
  });

  it('reports a data dir PGlite cannot read as an external failure and leaves it unlocked', async () => {
    delete process.env.DATABASE_URL;
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-store-bad-')), 'store');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'PG_VERSION'), '99\n');
    try {
      const e = await openStore({ dataDir }).catch((err: unknown) => err);
      expect(e).toMatchObject({ code: 'store/unavailable', exit: 4 });
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it.skipIf(!pgOk)('prefers DATABASE_URL over a data dir, so every process shares one Postgres', async () => {
    const db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    const s = await openStore({ dataDir: '/nonexistent/never-created' });
    stores.push(s);
    expect(s).toMatchObject({ kind: 'postgres', schemaVersion: LATEST_VERSION });
  });
});
