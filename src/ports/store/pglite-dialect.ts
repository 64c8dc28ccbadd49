import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely over one PGlite instance. PGlite is a single backend with a single session, so the driver hands out
 * one connection at a time: a Kysely transaction holds it until commit, and other queries wait rather than
 * land inside someone else's transaction. (The maintained kysely-pglite-dialect does not support
 * PGlite 0.5, and this is all it takes.)
 *
 * The one trap: inside `db.transaction().execute(async (tx) => …)`, every query must go through `tx`. A query
 * on `db` there waits for the connection the transaction holds and never runs (on Postgres it would run on
 * another connection, outside the transaction, which is a bug there too).
 */
export interface PGliteDialectOptions {
  /**
   * Takes PGlite's session for one connection (a query, or a transaction until it ends) and resolves
   * with its release; by default the driver queues its own connections. Given when others share the
   * session too (a store lent over a socket).
   */
  acquire?: () => Promise<() => void>;
  /** Destroying the Kysely leaves PGlite open: its owner closes it. */
  borrowed?: boolean;
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly opts: PGliteDialectOptions = {},
  ) {}
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.opts);
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private releaseCurrent: (() => void) | undefined;

  constructor(
    private readonly pg: PGlite,
    private readonly opts: PGliteDialectOptions,
  ) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.opts.acquire) {
      this.releaseCurrent = await this.opts.acquire();
      return this.connection;
    }
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.releaseCurrent = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.releaseCurrent;
    this.releaseCurrent = undefined;
    release?.();
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = 'begin';
    if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) sql += ` ${settings.accessMode}`;
    await conn.executeQuery(CompiledQuery.raw(sql));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  // Savepoint names come from Kysely's own API (`tx.savepoint(name)`), quoted as identifiers here.
  async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`savepoint ${ident(name)}`));
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${ident(name)}`));
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`release savepoint ${ident(name)}`));
  }

  async destroy(): Promise<void> {
    if (!this.opts.borrowed && !this.pg.closed) await this.pg.close();
  }
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.pg.query<R>(query.sql, [...query.parameters]);
    return res.affectedRows !== undefined && isWrite(query)
      ? { rows: res.rows, numAffectedRows: BigInt(res.affectedRows) }
      : { rows: res.rows };
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over its wire; the result is already in memory, so hand it out in chunks.
    const { rows } = await this.executeQuery<R>(query);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

const WRITES = new Set<string>(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

// pg reports a row count for exactly these commands, and Kysely's results carry it only for them; PGlite
// counts for everything, so the query decides. Raw SQL (sql`…`) is judged by its first word.
function isWrite(query: CompiledQuery): boolean {
  if (query.query.kind === 'RawNode') return /^\s*(insert|update|delete|merge)\b/i.test(query.sql);
  return WRITES.has(query.query.kind);
}
