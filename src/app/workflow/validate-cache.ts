// Where `validate --cache` keeps its results, and reading and writing them. The cache is an
// optimisation only: a missing, unreadable, corrupt or foreign file is ignored (and replaced by
// the next write), and a failed write is reported as a warning, never as a failed validate.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { writeCacheFile, writeFileAtomic } from '../../base/index.js';
import { CACHE_FORMAT, type CacheData, parseCacheData } from '../../domain/openspec/index.js';
import type { App } from '../kernel/index.js';

export const CACHE_FILE = `validate-v${CACHE_FORMAT}.json`;

/**
 * The cache file. `given` (from --cache-location, relative to the current directory) is a file, or
 * a folder when it ends with a separator or already is one. By default: `.papertrail/cache/` in a
 * Papertrail workspace (local state, like the store); elsewhere `node_modules/.cache/papertrail/`
 * when there is a node_modules folder (where JavaScript tools keep caches, ignored already), else
 * `.papertrail/cache/` too.
 */
export function cacheLocation(app: App, given?: string): string {
  if (given) {
    const abs = resolve(app.cwd, given);
    const folder = given.endsWith('/') || given.endsWith(sep) || isDirectory(abs);
    return folder ? join(abs, CACHE_FILE) : abs;
  }
  const root = app.ws.root;
  if (!app.ws.initialized && existsSync(join(root, 'node_modules'))) {
    return join(root, 'node_modules', '.cache', 'papertrail', CACHE_FILE);
  }
  return join(root, '.papertrail', 'cache', CACHE_FILE);
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** The cached data when the file holds a cache of this format and engine; null otherwise. */
export function loadCache(file: string, engine: string): CacheData | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return parseCacheData(text, engine);
}

/** Writes the cache atomically; returns the reason when it could not be written. */
export function saveCache(file: string, data: CacheData): string | null {
  try {
    // A folder named with --cache-location is the user's: only our own gets a .gitignore.
    if (isOwnCacheFolder(dirname(file))) writeCacheFile(file, JSON.stringify(data));
    else writeFileAtomic(file, JSON.stringify(data));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function isOwnCacheFolder(dir: string): boolean {
  const parts = dir.split(/[\\/]/);
  return parts.at(-1) === 'cache' && parts.at(-2) === '.papertrail';
}
