import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PtError } from '../../../src/base/errors.js';
import { secretValues } from '../../../src/base/redact.js';
import { openStore } from '../../../src/ports/store/index.js';
import { openPostgres } from '../../../src/ports/store/postgres.js';
import { type SilentServer, startSilentServer } from '../../helpers/bad-servers.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';

const pgOk = await postgresAvailable('Postgres deadlines');

// A DATABASE_URL server that accepts and never answers, and a statement that runs past its deadline:
// store/timeout (exit 4) naming the wait and the setting, in about the deadline, never a hang.
describe('Postgres deadlines', () => {
  let silent: SilentServer | undefined;
  const saved = process.env.PAPERTRAIL_DATABASE_TIMEOUT;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
    if (saved === undefined) delete process.env.PAPERTRAIL_DATABASE_TIMEOUT;
    else process.env.PAPERTRAIL_DATABASE_TIMEOUT = saved;
  });
  afterAll(() => dropTestDatabases());

  it('a server that accepts and never answers is store/timeout after PAPERTRAIL_DATABASE_TIMEOUT', async () => {
    silent = await startSilentServer();
    process.env.PAPERTRAIL_DATABASE_TIMEOUT = '0.3';
    const t0 = Date.now();
    const err = (await openStore({ url: `postgres://pt:sekret@127.0.0.1:${silent.port}/db` }).catch(
      (e: unknown) => e,
    )) as PtError;
    const took = Date.now() - t0;
    expect(err).toMatchObject({
      code: 'store/timeout',
      exit: 4,
      details: { phase: 'connecting', timeoutMs: 300, setting: 'PAPERTRAIL_DATABASE_TIMEOUT' },
    });
    expect(err.message).toContain(`127.0.0.1:${silent.port}`);
    expect(err.message).toContain('within 300 ms');
    expect(err.message).not.toContain('sekret');
    // A URL given in code, not through DATABASE_URL: its password is kept out of any output all the same.
    expect(secretValues({})).toContain('sekret');
    expect(err.hint).toContain('PAPERTRAIL_DATABASE_TIMEOUT');
    expect(silent.connections).toBeGreaterThan(0);
    expect(took).toBeLessThan(3000);
  });

  it('refuses a deadline that is not a positive number of seconds', async () => {
    process.env.PAPERTRAIL_DATABASE_TIMEOUT = 'soon';
    await expect(openStore({ url: 'postgres://127.0.0.1:1/db' })).rejects.toMatchObject({
      code: 'config/bad-env',
      exit: 2,
    });
  });

  it.skipIf(!pgOk)(
    'a statement past the deadline is store/timeout; the store still works after',
    async () => {
      const db = await createTestDatabase();
      const h = openPostgres(db.url, { timeoutMs: 400 });
      try {
        const t0 = Date.now();
        const err = (await sql`select pg_sleep(5)`.execute(h.db).catch((e: unknown) => e)) as PtError;
        expect(err).toMatchObject({ code: 'store/timeout', exit: 4, details: { phase: 'statement' } });
        expect(err.message).toContain('within 400 ms');
        expect(Date.now() - t0).toBeLessThan(3000);
        // In a transaction, the rollback does not wait behind the statement still running.
        const t1 = Date.now();
        const inTx = await h.db
          .transaction()
          .execute((tx) => sql`select pg_sleep(5)`.execute(tx))
          .catch((e: unknown) => e);
        expect(inTx).toMatchObject({ code: 'store/timeout' });
        expect(Date.now() - t1).toBeLessThan(3000);
        const { rows } = await sql<{ one: number }>`select 1 as one`.execute(h.db);
        expect(rows).toEqual([{ one: 1 }]);
      } finally {
        await h.close();
      }
    },
  );
});
