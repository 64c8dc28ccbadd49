import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS, openStore } from '../../../src/ports/store/index.js';
import { pgliteVersion } from '../../../src/ports/store/template.js';

// A fresh PGlite data dir costs seconds of initdb; copying an initialised one and reopening it costs a
// fraction of that. The template is cached under the OS temp dir, keyed by the PGlite version (whose
// initdb output it is), and shared by every test file and every run until PGlite is upgraded. Templates
// are copied, never opened, so no lock file or half-written state ever reaches a test.

let initialised: Promise<string> | undefined;
let migrated: Promise<string> | undefined;

/** The path of an initialised, empty data dir (no migrations); never open it, copy it. */
export function templateDir(): Promise<string> {
  initialised ??= cached(`papertrail-pglite-template-${pgliteVersion()}`, async (dir) => {
    const pg = await PGlite.create(dir);
    await pg.close();
  });
  return initialised;
}

/** The same with today's migrations applied, keyed also by their checksums, for tests that need tables. */
export function migratedTemplateDir(): Promise<string> {
  const schema = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.checksum).join())
    .digest('hex')
    .slice(0, 12);
  migrated ??= cached(`papertrail-pglite-template-${pgliteVersion()}-${schema}`, async (dir) => {
    cpSync(await templateDir(), dir, { recursive: true });
    const s = await openStore({ dataDir: dir });
    await s.close();
  });
  return migrated;
}

async function cached(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(tmpdir(), name);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  // Build beside it and rename into place: concurrent test files may race, and a rename is all-or-nothing.
  const building = `${dir}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await make(building);
    renameSync(building, dir);
  } catch (e) {
    if (!existsSync(join(dir, 'PG_VERSION'))) throw e;
  } finally {
    rmSync(building, { recursive: true, force: true }); // another test file won the race
    rmSync(`${building}.lock`, { force: true });
  }
  return dir;
}

/**
 * A new data dir in its own temp folder (the lock file goes beside it): a copy of the empty template, or
 * with `migrated` of the migrated one, which saves the migration time of each open.
 */
export async function freshDataDir(opts: { migrated?: boolean } = {}): Promise<string> {
  const template = await (opts.migrated ? migratedTemplateDir() : templateDir());
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pt-store-')), 'store');
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** Removes a data dir made by freshDataDir, with its lock file and temp folder. */
export function removeDataDir(dataDir: string): void {
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
}
