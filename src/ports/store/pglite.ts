import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { ensureStore } from './create.js';
import { guardDamage } from './damage.js';
import type { Database } from './database.js';
import type { LockOwner } from './errors.js';
import { acquireLockWaiting } from './lock.js';
import { PGliteDialect, type PGliteDialectOptions } from './pglite-dialect.js';
import { RedactWrites } from './redact-writes.js';
import { storeTemplate } from './template.js';
import { INT8_OID, parseInt8 } from './types.js';

// PGlite zeroes all of shared_buffers when it starts, so Postgres' default of 128 MB would cost start-up
// time and memory on every command (BENCHMARKS.md). A workspace's store is a few MB; the OS caches the
// files anyway.
const START_SETTINGS = ['-c', 'shared_buffers=16MB'];

export interface EmbeddedHandle {
  db: Kysely<Database>;
  where: string;
  close(): Promise<void>;
  /** The embedded database itself (not on Postgres): what `serve` lends to other processes. */
  pglite?: PGlite;
}

export interface LockWait {
  /** How long to wait for another process to let go of the store; 0 refuses at once. */
  waitMs?: number;
  onWait?: (owner: LockOwner | undefined) => void;
}

/** Embedded Postgres: persisted in dataDir (owned by this process through its lock file), or in memory. */
export async function openPGlite(dataDir: string | undefined, wait: LockWait = {}): Promise<EmbeddedHandle> {
  const dir = dataDir === undefined ? undefined : resolve(dataDir);
  if (dir) mkdirSync(dirname(dir), { recursive: true });
  const lock = dir ? await acquireLockWaiting(dir, wait.waitMs ?? 0, wait.onWait) : undefined;
  try {
    const startParams = [...PGlite.defaultStartParams, ...START_SETTINGS];
    if (dir) await ensureStore(dir, startParams);
    // A store in memory starts from the build's migrated template when there is one.
    const template = dir ? undefined : storeTemplate();
    const pg = await PGlite.create({
      dataDir: dir,
      parsers: { [INT8_OID]: parseInt8 },
      startParams,
      ...(template ? { loadDataDir: template } : {}),
    });
    const where = dir ?? 'memory';
    const db = kyselyOver(pg, where);
    return {
      db,
      where,
      pglite: pg,
      async close() {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

function kyselyOver(pg: PGlite, where: string, opts: PGliteDialectOptions = {}): Kysely<Database> {
  return new Kysely<Database>({
    dialect: guardDamage(new PGliteDialect(pg, opts), where, 'pglite'),
    plugins: [new RedactWrites()],
  });
}

/**
 * The owner's own way into a PGlite it lends to others (share.ts): queries straight into PGlite,
 * taking its one session through `acquire` as the others' connections do, with no socket or wire
 * protocol between. Closing it leaves PGlite open for its owner to close.
 */
export function lendPGlite(
  pg: PGlite,
  where: string,
  acquire: () => Promise<() => void>,
): Pick<EmbeddedHandle, 'db' | 'where' | 'close'> {
  const db = kyselyOver(pg, where, { acquire, borrowed: true });
  return { db, where, close: () => db.destroy() };
}
