// Build step: a migrated, empty embedded store, dumped for new stores to start from (see
// src/ports/store/template.ts). Bundled and run by scripts/build.mjs.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from '../src/ports/store/database.js';
import { migrate } from '../src/ports/store/migrate.js';
import { PGliteDialect } from '../src/ports/store/pglite-dialect.js';
import { templateDirPath, templateKey } from '../src/ports/store/template.js';

export async function makeStoreTemplate(file: string): Promise<void> {
  const pg = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  await migrate(db, 'template');
  const dump = await pg.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(`${file}.json`, `${JSON.stringify({ key: templateKey() })}\n`);
  await db.destroy();
}

/** Unpacks the dump into the data dir new stores are copied from (see templateDirPath). */
export async function unpackStoreTemplate(file: string): Promise<void> {
  const dir = templateDirPath();
  if (!dir || existsSync(join(dir, '.complete'))) return;
  rmSync(dir, { recursive: true, force: true });
  const pg = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) });
  await pg.close();
  writeFileSync(join(dir, '.complete'), '');
}

export { templateKey };
