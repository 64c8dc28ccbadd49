import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { corrupt } from './errors.js';

// Postgres says a page or file is damaged in these words: SQLSTATE XX001 (data_corrupted), XX002
// (index_corrupted), or an I/O or internal error naming a block, a page, a checksum or a missing file.
const DAMAGE_CODES = new Set(['XX001', 'XX002']);
const DAMAGE_TEXT =
  /invalid page|could not read block|page verification failed|checksum|unexpected zero page|could not open file|missing chunk number|could not access status of transaction|unexpected data beyond EOF/i;

/** True when a database error says the store's own files are damaged, not that a query was wrong. */
export function isDamage(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && DAMAGE_CODES.has(code)) return true;
  const ioOrInternal = typeof code !== 'string' || code.startsWith('XX') || code.startsWith('58');
  return ioOrInternal && DAMAGE_TEXT.test(e.message);
}

/**
 * The dialect with every query's damage error turned into store/corrupt: a bad page met halfway
 * through a command is the store's fault, never a bug in the program that read it.
 */
export function guardDamage(dialect: Dialect, where: string, kind: 'pglite' | 'postgres'): Dialect {
  const map = (e: unknown): never => {
    throw isDamage(e) ? corrupt(where, (e as Error).message, kind, e) : e;
  };
  return {
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => dialect.createIntrospector(db),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createDriver: (): Driver => new GuardedDriver(dialect.createDriver(), map),
  };
}

type Compile = QueryCompiler['compileQuery'];

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly map: (e: unknown) => never,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.inner.executeQuery<R>(query).catch(this.map);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (e) {
      this.map(e);
    }
  }
}

/** Hands the inner driver its own connections back: drivers keep private state on them. */
class GuardedDriver implements Driver {
  constructor(
    private readonly d: Driver,
    private readonly map: (e: unknown) => never,
  ) {}

  init(): Promise<void> {
    return this.d.init().catch(this.map);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await this.d.acquireConnection().catch(this.map), this.map);
  }

  beginTransaction(c: DatabaseConnection, s: TransactionSettings): Promise<void> {
    return this.d.beginTransaction(inner(c), s).catch(this.map);
  }

  commitTransaction(c: DatabaseConnection): Promise<void> {
    return this.d.commitTransaction(inner(c)).catch(this.map);
  }

  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return this.d.rollbackTransaction(inner(c)).catch(this.map);
  }

  async savepoint(c: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    await this.d.savepoint?.(inner(c), name, compile).catch(this.map);
  }

  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    await this.d.rollbackToSavepoint?.(inner(c), name, compile).catch(this.map);
  }

  async releaseSavepoint(c: DatabaseConnection, name: string, compile: Compile): Promise<void> {
    await this.d.releaseSavepoint?.(inner(c), name, compile).catch(this.map);
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.d.releaseConnection(inner(c));
  }

  destroy(): Promise<void> {
    return this.d.destroy();
  }
}

const inner = (c: DatabaseConnection): DatabaseConnection => (c instanceof GuardedConnection ? c.inner : c);
