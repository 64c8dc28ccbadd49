import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

// Whether other connections can write beside this one. On a Postgres server they can, so a claim or a
// completion is one statement that leaves its audit record pending for a sealer (sealer.ts), in a
// caller's transaction too. The
// embedded store (PGlite) runs one transaction at a time: the chain's head is always free there, and
// a change chains its record in its own transaction; pending rows would only pile up as dead rows,
// which PGlite, without autovacuum, scans on every seal.

// Remembered by the store's dialect adapter, which its transactions share with it.
const SHARED = new WeakMap<object, Promise<boolean>>();

/** True on a Postgres server, false on PGlite; asked once per store (a transaction asks as its store). */
export function onSharedServer(db: Kysely<Database>): Promise<boolean> {
  const key = db.getExecutor().adapter;
  let known = SHARED.get(key);
  if (!known) {
    known = sql<{ v: string }>`select version() as v`
      .execute(db)
      .then(({ rows }) => !/\bPGlite\b/.test(rows[0]?.v ?? ''));
    // A failed look is not remembered: the next change asks again.
    known.catch(() => SHARED.delete(key));
    SHARED.set(key, known);
  }
  return known;
}
