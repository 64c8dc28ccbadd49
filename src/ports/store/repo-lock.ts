import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

// The class half of a two-part advisory lock key: "PT" and 2, apart from the migration lock (PT 1).
const REPO_WRITES = 0x5054_0002;

/**
 * Makes the calling transaction the only writer of a repo's forge rows until it ends. Two plans at once
 * on a shared Postgres would otherwise both see no issues, and the later one would fail on a duplicate
 * key (or, where the labels exist, create every issue twice); with this the later one waits, then reads
 * what the first committed and finds nothing left to do. On PGlite there is one session and it is free.
 */
export async function lockRepoWrites(tx: Kysely<Database>, repoId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${REPO_WRITES}::int, ${repoId % 2_147_483_647}::int)`.execute(tx);
}
