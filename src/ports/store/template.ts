// A new embedded store would start with PGlite's initdb, by far the slowest step of a workspace's
// first command (BENCHMARKS.md). The build (scripts/build.mjs) makes one store, migrates it and dumps
// it next to the bundle; a new store is then loaded from that dump instead. The dump is only used
// when it was made by the same PGlite with the same migrations.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS } from './migrations/index.js';

export const TEMPLATE_FILE = 'store-template.tar.gz';

export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** What a template must have been made with: this PGlite and these migrations. */
export function templateKey(): string {
  const h = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  for (const m of MIGRATIONS) h.update(`${m.version} ${m.checksum}\n`);
  return h.digest('hex').slice(0, 16);
}

/** The package's root, from the bundle (dist/chunks/…) or from the sources (src/ports/store). */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

const distDir = () => {
  const root = packageRoot();
  return root && join(root, 'dist');
};

/**
 * Where the build unpacks the template as a ready data dir: copying it is quicker than unpacking the
 * dump on every new store (BENCHMARKS.md). Only a dir the build finished (its `.complete` mark) is used.
 */
export function templateDirPath(): string | undefined {
  const root = packageRoot();
  return root && join(root, 'node_modules', '.cache', 'papertrail', `store-template-${templateKey()}`);
}

/** The unpacked template data dir, when the build made one for this PGlite and these migrations. */
export function storeTemplateDir(): string | undefined {
  if (process.env.PAPERTRAIL_STORE_TEMPLATE === '0') return undefined;
  const dir = templateDirPath();
  return dir && existsSync(join(dir, '.complete')) ? dir : undefined;
}

/** The template dump as PGlite's loadDataDir wants it, or undefined when there is none that fits. */
export function storeTemplate(): Blob | undefined {
  if (process.env.PAPERTRAIL_STORE_TEMPLATE === '0') return undefined;
  const dist = distDir();
  if (!dist) return undefined;
  try {
    const meta = JSON.parse(readFileSync(join(dist, `${TEMPLATE_FILE}.json`), 'utf8')) as { key?: string };
    if (meta.key !== templateKey()) return undefined;
    return new Blob([readFileSync(join(dist, TEMPLATE_FILE))]);
  } catch {
    return undefined;
  }
}
