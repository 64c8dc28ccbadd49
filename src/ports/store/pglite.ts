import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from './database.js';
import { acquireLock } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { INT8_OID, parseInt8 } from './types.js';

export interface EmbeddedHandle {
  db: Kysely<Database>;
  where: string;
  close(): Promise<void>;
}

/** Embedded Postgres: persisted in dataDir (owned by this process through its lock file), or in memory. */
export async function openPGlite(dataDir: string | undefined): Promise<EmbeddedHandle> {
  const dir = dataDir === undefined ? undefined : resolve(dataDir);
  if (dir) mkdirSync(dirname(dir), { recursive: true });
  const lock = dir ? acquireLock(dir) : undefined;
  try {
    const pg = await PGlite.create({ dataDir: dir, parsers: { [INT8_OID]: parseInt8 } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
    return {
      db,
      where: dir ?? 'memory',
      async close() {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
