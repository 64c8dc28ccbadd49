import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';

// Statements an executor runs for every job (claim, completion, heartbeat, the sealer's) are prepared
// once per connection on a Postgres server instead of parsed and planned each time: Kysely sends every
// statement unnamed. A statement is marked by a leading comment; its server name carries a hash of its
// text, so two texts never share a name. Postgres plans a prepared statement again after a migration
// changes a table it reads, but refuses to return a different row shape ("cached plan must not change
// result type"): marked statements therefore name their columns (never `*`), so a migration that adds
// columns leaves them as they were, and a statement refused that way anyway (a column's type changed)
// is run once more unnamed and its connection closed when released (postgres.ts). PGlite ignores the
// comment.

const MARK = '/*pt:prepared ';

/** Put first in a statement's text: the statement is prepared once per connection as `name`. */
export const preparedAs = (name: string): RawBuilder<unknown> => sql.raw(`${MARK}${name}*/ `);

const NAMES = new Map<string, string>();

/** The server name of a marked statement; undefined for any other. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined;
  let name = NAMES.get(text);
  if (!name) {
    const label = text.slice(MARK.length, text.indexOf('*/'));
    name = `pt_${label}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    NAMES.set(text, name);
  }
  return name;
}

/** Postgres refusing to run a prepared statement whose row shape a migration changed. */
export const replanRefused = (e: unknown): boolean =>
  (e as { code?: string })?.code === '0A000' && /cached plan must not change result type/.test(String(e));
