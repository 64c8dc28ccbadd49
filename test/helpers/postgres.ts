import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Real-Postgres tests run against a throwaway database per test file, created on the server CI provides.
export const ADMIN_URL = process.env.PT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<string | undefined> | undefined;

/** Why Postgres cannot be used, or undefined when it can. Probed once per test file. */
function probe(): Promise<string | undefined> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (e) {
      return (e as Error).message || String(e);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/**
 * True when the Postgres suites can run. Without Postgres they are skipped with a message naming them,
 * unless PAPERTRAIL_REQUIRE_POSTGRES=1 (CI), where a missing Postgres is a failure, not a skip.
 */
export async function postgresAvailable(suite = 'Postgres suites'): Promise<boolean> {
  const why = await probe();
  if (why === undefined) return true;
  const where = redact(ADMIN_URL);
  if (process.env.PAPERTRAIL_REQUIRE_POSTGRES === '1') {
    throw new Error(
      `${suite}: Postgres is required (PAPERTRAIL_REQUIRE_POSTGRES=1) but ${where} failed: ${why}`,
    );
  }
  console.warn(`skipping ${suite}: Postgres at ${where} is unreachable (${why}); set PT_TEST_DATABASE_URL`);
  return false;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const created = new Set<TestDatabase>();

/** A fresh, uniquely named database; drop it after (or call dropTestDatabases in afterAll). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const db: TestDatabase = {
    url: u.toString(),
    name,
    async drop() {
      created.delete(db);
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
  created.add(db);
  return db;
}

export async function dropTestDatabases(): Promise<void> {
  for (const db of [...created]) await db.drop();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'PT_TEST_DATABASE_URL';
  }
}
