import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

// Whether other connections can write beside this one. On a Postgres server they can, so a claim or a
// completion is one statement that leaves its audit record pending for a sealer (sealer.ts). The
// embedded store (PGlite) runs one transaction at a time: the chain's head is always free there, and
// a change chains its record in its own transaction; pending rows would only pile up as dead rows,
// which PGlite, without autovacuum, scans on every seal.

const SHARED = new WeakMap<Kysely<Database>, Promise<boolean>>();

/** True on a Postgres server, false on PGlite; asked once per store. */
export function onSharedServer(db: Kysely<Database>): Promise<boolean> {
  let known = SHARED.get(db);
  if (!known) {
    known = sql<{ v: string }>`select version() as v`
      .execute(db)
      .then(({ rows }) => !/\bPGlite\b/.test(rows[0]?.v ?? ''));
    // A failed look is not remembered: the next change asks again.
    known.catch(() => SHARED.delete(db));
    SHARED.set(db, known);
  }
  return known;
}
