import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corrupt } from './errors.js';
import { acquireLockWaiting } from './lock.js';
import { type EmbeddedHandle, type LockWait, openPGlite } from './pglite.js';

/**
 * The embedded store as it is now, opened where nothing reaches the workspace: a dry run reads it but
 * Postgres writes even when it only reads (hint bits, a checkpoint at shutdown), so it runs on a copy
 * in the system's temporary folder, removed on close. Without a store it is an empty one in memory:
 * nothing exists yet, and the dry run must not create the store to find that out.
 */
export async function openPGliteSnapshot(dataDir: string, wait: LockWait = {}): Promise<EmbeddedHandle> {
  const dir = resolve(dataDir);
  if (!existsSync(dir) || readdirSync(dir).length === 0) return openPGlite(undefined);
  if (!readdirSync(dir).includes('PG_VERSION'))
    throw corrupt(dir, 'it has files but no PG_VERSION, so it is not a whole Postgres data dir', 'pglite');
  const copy = mkdtempSync(join(tmpdir(), 'papertrail-dry-run-'));
  const remove = () => rmSync(copy, { recursive: true, force: true });
  try {
    // The lock only while copying: a command writing the store at the same moment would tear the copy.
    const lock = await acquireLockWaiting(dir, wait.waitMs ?? 0, wait.onWait);
    try {
      cpSync(dir, join(copy, 'store'), { recursive: true });
    } finally {
      lock.release();
    }
    const handle = await openPGlite(join(copy, 'store'));
    return {
      ...handle,
      where: dir,
      async close() {
        try {
          await handle.close();
        } finally {
          remove();
        }
      },
    };
  } catch (e) {
    remove();
    throw e;
  }
}
