import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { guardDamage } from './damage.js';
import type { Database } from './database.js';
import { INT8_OID, parseInt8 } from './types.js';

export interface PostgresHandle {
  db: Kysely<Database>;
  where: string;
  close(): Promise<void>;
}

export function openPostgres(url: string): PostgresHandle {
  // Per-pool type parsers, so we never change pg's process-wide defaults for other code.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle connection the server ends (restart, admin terminate, a dropped database) is reported on the
  // pool; without a listener Node treats it as an uncaught exception. The pool has already discarded the
  // client, and the next query opens a fresh connection or fails with its own error, so nothing is lost.
  pool.on('error', () => {});
  const where = redact(url);
  const db = new Kysely<Database>({ dialect: guardDamage(new PostgresDialect({ pool }), where, 'postgres') });
  return { db, where, close: () => db.destroy() };
}

/** The URL as it may appear in a message: never the password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
