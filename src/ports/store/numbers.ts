import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

/**
 * Allocates the next issue/PR number of a repo (issues and PRs share the sequence, as on GitHub).
 * One upsert on the counter row: on Postgres concurrent callers queue on that row's lock, so numbers are
 * distinct and gap-free among committed allocations; a rolled-back transaction gives its number back.
 */
export async function nextNumber(db: Kysely<Database>, repoId: number): Promise<number> {
  const row = await db
    .insertInto('forge_counters')
    .values({ repo_id: repoId, last_number: 1 })
    .onConflict((oc) =>
      oc.column('repo_id').doUpdateSet({ last_number: sql<number>`forge_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}
