import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

export interface Migration {
  /** Consecutive from 1; the store's schema version is the highest one applied. */
  readonly version: number;
  readonly name: string;
  /** SHA-256 of the SQL, recorded when applied, so an edited released migration is caught. */
  readonly checksum: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * A migration written as plain SQL statements. Plain SQL (no Kysely schema builder) is what runs identically
 * on PGlite and Postgres, and its text gives a checksum that survives bundling and minification.
 */
export function sqlMigration(version: number, name: string, statements: readonly string[]): Migration {
  const checksum = createHash('sha256').update(statements.join(';\n')).digest('hex');
  return {
    version,
    name,
    checksum,
    async up(db) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
