import {
  closeSync,
  cpSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { corrupt } from './errors.js';
import { storeTemplate, storeTemplateDir } from './template.js';

/** What a data dir holds: nothing yet, a store, or files that are not one. */
type DataDirState = 'missing' | 'empty' | 'store' | 'not-a-store';

function dataDirState(dir: string): DataDirState {
  if (!existsSync(dir)) return 'missing';
  const names = readdirSync(dir);
  if (names.length === 0) return 'empty';
  // Every Postgres data dir has PG_VERSION. Without it PGlite would run initdb over the remaining
  // files and the store would start empty, so a folder that has anything else is damaged, never new.
  return names.includes('PG_VERSION') ? 'store' : 'not-a-store';
}

/** Where this process builds a new store before renaming it into place: beside it, on the same disk. */
function buildDirOf(dir: string): string {
  return `${dir}.${process.pid}.tmp`;
}

/** True for `<store>.<pid>.tmp`, the name buildDirOf gives. */
function isBuildDir(name: string, store: string): boolean {
  if (!name.startsWith(`${store}.`) || !name.endsWith('.tmp')) return false;
  return /^\d+$/.test(name.slice(store.length + 1, -'.tmp'.length));
}

/**
 * Makes sure `dir` holds a whole store; the caller holds the store's lock. A new store is built in a
 * folder beside it and renamed into place only when complete, so a process killed at any moment leaves
 * either no store (the next command builds it again) or a complete one, never half of one.
 */
export async function ensureStore(dir: string, startParams: string[]): Promise<void> {
  // The lock says nobody else is building: any build folder here is what a killed process left.
  removeLeftovers(dir);
  const state = dataDirState(dir);
  if (state === 'store') return;
  if (state === 'not-a-store') {
    throw corrupt(dir, 'it has files but no PG_VERSION, so it is not a whole Postgres data dir', 'pglite');
  }
  const build = buildDirOf(dir);
  // A store that does not exist yet starts from the build's migrated template instead of initdb:
  // a copy of the unpacked one where the build left it, else the dump.
  try {
    const ready = storeTemplateDir();
    if (ready) cpSync(ready, build, { recursive: true, filter: (f) => !f.endsWith('.complete') });
    else {
      const template = storeTemplate();
      const pg = await PGlite.create({
        dataDir: build,
        startParams,
        ...(template ? { loadDataDir: template } : {}),
      });
      await pg.close();
    }
  } catch (e) {
    // A failed build (a full disk, say) leaves nothing behind; a killed one is swept up next time.
    rmSync(build, { recursive: true, force: true });
    throw e;
  }
  if (state === 'empty') rmdirSync(dir);
  renameSync(build, dir);
  // The rename is durable only once the folder that holds it is written.
  fsyncDir(dirname(dir));
}

function removeLeftovers(dir: string): void {
  const parent = dirname(dir);
  const store = basename(dir);
  for (const name of readdirSync(parent)) {
    if (isBuildDir(name, store)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or sync a directory; the rename itself has happened either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
