import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { LockOwner } from './errors.js';
import { acquireLockWaiting } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { storeTemplate, storeTemplateDir } from './template.js';
import { INT8_OID, parseInt8 } from './types.js';

// PGlite zeroes all of shared_buffers when it starts; Postgres' default of 128 MB costs ~0.3 s and
// ~130 MB of memory on every command. A workspace's store is a few MB; the OS caches the files anyway.
const START_SETTINGS = ['-c', 'shared_buffers=16MB'];

export interface EmbeddedHandle {
  db: Kysely<Database>;
  where: string;
  close(): Promise<void>;
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
    // A store that does not exist yet starts from the build's migrated template instead of initdb:
    // a copy of the unpacked one where the build left it, else the dump.
    const fresh = !dir || !existsSync(dir) || readdirSync(dir).length === 0;
    const ready = fresh && dir ? storeTemplateDir() : undefined;
    if (ready && dir) cpSync(ready, dir, { recursive: true, filter: (f) => !f.endsWith('.complete') });
    const template = fresh && !ready ? storeTemplate() : undefined;
    const pg = await PGlite.create({
      dataDir: dir,
      parsers: { [INT8_OID]: parseInt8 },
      startParams: [...PGlite.defaultStartParams, ...START_SETTINGS],
      ...(template ? { loadDataDir: template } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
    return {
      db,
      where: dir ?? 'memory',
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
