import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/errors.js';
import { openStore } from '../../../src/ports/store/index.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';

delete process.env.DATABASE_URL;
const pgOk = await postgresAvailable('store damage errors [postgres]');

/** Has the server itself raise an error with this SQLSTATE and text, as a damaged file would. */
const raise = (code: string, text: string) =>
  sql.raw(`do $$ begin raise exception '${text}' using errcode = '${code}'; end $$`);

// Postgres reports damage by SQLSTATE (XX001 data corrupted, XX002 index corrupted) or by an I/O
// error naming a block or file; each backend turns those into store/corrupt and leaves the rest alone.
describe.each([
  { name: 'pglite', ok: true },
  { name: 'postgres', ok: pgOk },
])('damage errors on $name', ({ name, ok }) => {
  afterAll(() => dropTestDatabases());

  it.skipIf(!ok)(
    'become store/corrupt; a query error stays what it was',
    async () => {
      const s = await openStore(
        name === 'pglite' ? { memory: true } : { url: (await createTestDatabase()).url },
      );
      try {
        for (const [code, text] of [
          ['XX001', 'invalid page in block 3 of relation base/5/16432'],
          ['XX002', 'index "forge_issues_pkey" contains unexpected zero page at block 1'],
          ['58030', 'could not read block 7 in file "base/5/16432": read only 0 of 8192 bytes'],
          ['58P01', 'could not open file "base/5/16432": No such file or directory'],
        ] as const) {
          const e = await raise(code, text)
            .execute(s.db)
            .catch((err: unknown) => err);
          expect(isPtError(e), `${code} ${text}`).toBe(true);
          expect(e).toMatchObject({ code: 'store/corrupt', exit: 4 });
          expect((e as Error).message).toContain(text);
        }
        for (const [code, text] of [
          ['23505', 'duplicate key value violates unique constraint'],
          ['42P01', 'relation "nothing" does not exist'],
        ] as const) {
          const e = await raise(code, text)
            .execute(s.db)
            .catch((err: unknown) => err);
          expect(isPtError(e), `${code} ${text}`).toBe(false);
          expect((e as { code?: string }).code).toBe(code);
        }
        // Inside a transaction too: the store stays usable after the refused statement rolls back.
        const e = await s.db
          .transaction()
          .execute((tx) => raise('XX001', 'invalid page in block 0').execute(tx))
          .catch((err: unknown) => err);
        expect(e).toMatchObject({ code: 'store/corrupt' });
        expect((await sql<{ one: number }>`select 1 as one`.execute(s.db)).rows).toEqual([{ one: 1 }]);
      } finally {
        await s.close();
      }
    },
    60_000,
  );
});
