import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { DEADLINES, deadlineMs, type PtError, registerSecret } from '../../base/index.js';
import { guardDamage } from './damage.js';
import type { Database } from './database.js';
import { storeTimeout } from './errors.js';
import { preparedName, replanRefused } from './prepared.js';
import { redact } from './redact-url.js';
import { RedactWrites } from './redact-writes.js';
import { INT8_OID, parseInt8 } from './types.js';

export interface PostgresHandle {
  db: Kysely<Database>;
  where: string;
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Deadline for connecting and for each statement; default PAPERTRAIL_DATABASE_TIMEOUT seconds (30). */
  timeoutMs?: number;
  /** Every transaction read-only, so the server itself refuses any write (a dry run). */
  readOnly?: boolean;
  /**
   * Prepare the marked statements (prepared.ts); default true. Off for the embedded store lent by
   * serve: every connection to it is the one session of that database, so a statement a connection
   * before this one prepared would already exist under its name.
   */
  prepare?: boolean;
}

export function openPostgres(url: string, opts: PostgresOptions = {}): PostgresHandle {
  const ms = opts.timeoutMs ?? deadlineMs(DEADLINES.database);
  registerPassword(url);
  // Per-pool type parsers, so we never change pg's process-wide defaults for other code.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // pg's own timers close the socket of a server that accepts and never answers, so the process can end;
  // the guard below turns what they report into store/timeout.
  const pool = new pg.Pool({
    connectionString: url,
    types,
    connectionTimeoutMillis: ms,
    query_timeout: ms,
    ...(opts.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server ends (restart, admin terminate, a dropped database) is reported on the
  // pool; without a listener Node treats it as an uncaught exception. The pool has already discarded the
  // client, and the next query opens a fresh connection or fails with its own error, so nothing is lost.
  pool.on('error', () => {});
  const where = redact(url);
  const db = new Kysely<Database>({
    dialect: guardDamage(
      new PostgresDialect({ pool: guard(pool, where, ms, opts.prepare ?? true) }),
      where,
      'postgres',
    ),
    plugins: [new RedactWrites()],
  });
  return { db, where, close: () => db.destroy() };
}

// The messages pg-pool and pg give when their connect or query timers fire.
const CONNECT_TIMEOUT = /timeout/i;
const QUERY_TIMEOUT = /^Query read timeout$/;

/**
 * The pool as Kysely sees it, with pg's timeouts reported as store/timeout. A connection whose statement
 * timed out still has that statement in flight: it refuses further statements (a rollback would only
 * wait behind it) and is closed, not reused, when released. Marked statements are prepared once per
 * connection (prepared.ts).
 */
function guard(pool: pg.Pool, where: string, ms: number, prepare: boolean): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw CONNECT_TIMEOUT.test((e as Error)?.message ?? '') ? storeTimeout('connecting', where, ms) : e;
      }
      let stuck: PtError | undefined;
      let replanned = false;
      const send = async (sql: string, parameters: unknown) => {
        const name = prepare ? preparedName(sql) : undefined;
        if (!name) return client.query(sql, parameters as unknown[]);
        try {
          return await client.query({ name, text: sql, values: parameters as unknown[] });
        } catch (e) {
          if (!replanRefused(e)) throw e;
          // Prepared before a migration changed its row shape: this connection's copy is of no use.
          replanned = true;
          return client.query(sql, parameters as unknown[]);
        }
      };
      const run = async (sql: string, parameters: unknown) => {
        if (stuck) throw stuck;
        try {
          return await send(sql, parameters);
        } catch (e) {
          if (!QUERY_TIMEOUT.test((e as Error)?.message ?? '')) throw e;
          stuck = storeTimeout('statement', where, ms);
          throw stuck;
        }
      };
      return {
        // A cursor (Kysely's streaming) goes to pg as it is; Papertrail does not stream.
        query: (sql: unknown, parameters?: unknown) =>
          typeof sql === 'string' ? run(sql, parameters) : client.query(sql as never),
        release() {
          client.release(stuck || replanned ? true : undefined);
        },
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** A URL given in code (not through DATABASE_URL) keeps its password out of the output too. */
function registerPassword(url: string): void {
  try {
    const p = new URL(url).password;
    registerSecret(p);
    registerSecret(decodeURIComponent(p));
  } catch {
    // No password node can read: nothing to register.
  }
}
