import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalForge } from '../../../src/ports/forge/index.js';
import { openStore } from '../../../src/ports/store/index.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';

const pgOk = await postgresAvailable('openStore readOnly [postgres]');

/** Every file under `dir` with its size and mtime. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${p} ${st.size} ${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

// A dry run opens the store read-only: it reads what is there and must leave no trace of having looked.
describe('openStore readOnly (dry runs)', () => {
  afterAll(() => dropTestDatabases());

  it('embedded: a missing store is an empty one in memory, and no folder is created', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pt-ro-')), '.papertrail', 'store');
    const s = await openStore({ dataDir: dir, readOnly: true, url: '' });
    try {
      const forge = await LocalForge.open(s.db, 'acme/app', 'main', { readOnly: true });
      expect(await forge.listIssues({ label: 'x' })).toEqual([]);
    } finally {
      await s.close();
    }
    expect(existsSync(join(dir, '..'))).toBe(false);
  });

  it('embedded: an existing store is read from a copy and not one of its files changes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pt-ro-')), 'store');
    const w = await openStore({ dataDir: dir, url: '' });
    const forge = await LocalForge.open(w.db, 'acme/app');
    await forge.createLabel({ name: 'x', color: 'ffffff', description: '' });
    await forge.createIssue({ title: 'One', body: 'b', labels: ['x'] });
    await w.close();
    const before = files(dir);
    const r = await openStore({ dataDir: dir, readOnly: true, url: '' });
    try {
      const ro = await LocalForge.open(r.db, 'acme/app', 'main', { readOnly: true });
      expect((await ro.listIssues({ label: 'x' })).map((i) => i.title)).toEqual(['One']);
      // Whatever the copy is asked to do stays in the copy.
      await ro.createIssue({ title: 'Two', body: 'b', labels: ['x'] });
    } finally {
      await r.close();
    }
    expect(files(dir)).toEqual(before);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it.skipIf(!pgOk)(
    'postgres: creates no schema, adds no repository row, and the server refuses writes',
    async () => {
      const { url } = await createTestDatabase();
      const schema = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return (await c.query("select to_regclass('papertrail_migrations')::text as t")).rows[0].t as
            | string
            | null;
        } finally {
          await c.end();
        }
      };
      // A database without Papertrail's tables holds nothing yet: it is read as an empty store, not migrated.
      const none = await openStore({ url, readOnly: true });
      expect(none.kind).toBe('pglite');
      await none.close();
      expect(await schema()).toBe(null);

      await (await openStore({ url })).close();
      const s = await openStore({ url, readOnly: true });
      try {
        expect(s.kind).toBe('postgres');
        const forge = await LocalForge.open(s.db, 'acme/app', 'main', { readOnly: true });
        expect(await forge.listIssues({ label: 'x' })).toEqual([]);
        const rows = await sql<{ n: number }>`select count(*)::int as n from forge_repos`.execute(s.db);
        expect(rows.rows[0]?.n).toBe(0);
        await expect(
          sql`insert into forge_repos (owner, name, default_branch, created_at) values ('a', 'b', 'main', now())`.execute(
            s.db,
          ),
        ).rejects.toThrow(/read-only/);
      } finally {
        await s.close();
      }
    },
  );
});
