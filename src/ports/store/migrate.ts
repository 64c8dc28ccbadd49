import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { migrationChanged, needsMigration, tooNew } from './errors.js';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';

// Any constant both backends agree on; it only has to differ from other advisory locks in the same database.
const MIGRATION_LOCK_KEY = 0x5054_0001; // "PT", lock 1

/**
 * Brings the store to the latest schema in one transaction and returns its version. The transaction-scoped
 * advisory lock makes a second process that starts at the same moment wait, then find nothing left to do.
 */
export async function migrate(
  db: Kysely<Database>,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const latest = migrations.at(-1)?.version ?? LATEST_VERSION;
  if (await alreadyLatest(db, migrations, latest)) return latest;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await sql`create table if not exists papertrail_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now(),
      checksum text not null
    )`.execute(tx);

    const applied = await tx
      .selectFrom('papertrail_migrations')
      .select(['version', 'name', 'checksum'])
      .orderBy('version')
      .execute();
    const current = applied.at(-1)?.version ?? 0;
    if (current > latest) throw tooNew(current, latest, where);

    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of applied) {
      const m = known.get(row.version);
      if (m && m.checksum !== row.checksum) throw migrationChanged(row.version, row.name, where);
    }

    for (const m of migrations) {
      if (m.version <= current) continue;
      // A migration must not depend on today's Database type: it describes the schema as it was then.
      await m.up(tx as unknown as Kysely<unknown>);
      await tx
        .insertInto('papertrail_migrations')
        .values({ version: m.version, name: m.name, checksum: m.checksum })
        .execute();
    }
    return Math.max(current, latest);
  });
}

/**
 * True when the store already holds every migration up to `latest`, each as this papertrail knows it: one
 * read instead of the locking transaction, which every command opening the store would otherwise pay
 * for. Anything else (a new store, one behind, ahead, or changed) is left to that transaction to handle
 * and report. A migration another process is applying right now is not committed, so it is not seen here.
 */
async function alreadyLatest(
  db: Kysely<Database>,
  migrations: readonly Migration[],
  latest: number,
): Promise<boolean> {
  let applied: { version: number; checksum: string }[];
  try {
    applied = await db.selectFrom('papertrail_migrations').select(['version', 'checksum']).execute();
  } catch (e) {
    // undefined_table: a store that was never migrated.
    if ((e as { code?: unknown })?.code === '42P01') return false;
    throw e;
  }
  if (applied.length === 0 || Math.max(...applied.map((r) => r.version)) !== latest) return false;
  const known = new Map(migrations.map((m) => [m.version, m.checksum]));
  return applied.every((r) => (known.get(r.version) ?? r.checksum) === r.checksum);
}

/**
 * The schema version of a store that may not be written (a dry run on a shared Postgres): null when it
 * has no schema yet; an error when it is behind or ahead of this papertrail, since only migrating fixes that.
 */
export async function schemaVersionOf(
  db: Kysely<Database>,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number | null> {
  const latest = migrations.at(-1)?.version ?? LATEST_VERSION;
  const table = await sql<{
    t: string | null;
  }>`select to_regclass('papertrail_migrations')::text as t`.execute(db);
  if (!table.rows[0]?.t) return null;
  const applied = await db
    .selectFrom('papertrail_migrations')
    .select(['version', 'name', 'checksum'])
    .execute();
  if (!applied.length) return null;
  const current = Math.max(...applied.map((r) => r.version));
  if (current > latest) throw tooNew(current, latest, where);
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const m = known.get(row.version);
    if (m && m.checksum !== row.checksum) throw migrationChanged(row.version, row.name, where);
  }
  if (current < latest) throw needsMigration(current, latest, where);
  return current;
}
