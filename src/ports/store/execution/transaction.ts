import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

/**
 * Runs `fn` in a transaction of its own, or in the caller's when `db` already is one (Kysely
 * transactions do not nest): a use case can then make several of these writes, and the audit records
 * they append, one commit.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
