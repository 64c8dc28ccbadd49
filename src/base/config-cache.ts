// papertrail.yaml as the last run parsed it, kept in .papertrail/cache/ under the file's stamp and
// the build: a command that finds the file unchanged takes the parsed settings from there and never
// loads the YAML library, which is a good part of a short command's start-up. Only a file that parsed
// without error is kept, so every problem is still reported from the file itself. Like the other
// caches it is an optimisation: missing, corrupt or foreign, it is ignored and written anew.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_ID } from './build-id.js';
import { cachesAllowed, writeCacheFile } from './cache-file.js';
import { fileStamp } from './file-stamp.js';

/** Bumped whenever what is kept changes shape; part of the file name too. */
const FORMAT = 1;

const cacheFileOf = (root: string) => join(root, '.papertrail', 'cache', `config-v${FORMAT}.json`);

function enabled(root: string, env: NodeJS.ProcessEnv): boolean {
  // Only beside the workspace's other caches: reading the settings never makes a folder of its own,
  // so a dry run, or a command refused before it did anything, leaves the workspace as it found it.
  return cachesAllowed(env) && existsSync(join(root, '.papertrail', 'cache'));
}

/**
 * The settings parsed from `file` (the workspace's papertrail.yaml at `root`), taken from the cache
 * when the file's stamp and the build are those it was kept under, else parsed by `parse` and kept.
 */
export function cachedConfig<T>(
  root: string,
  file: string,
  parse: () => T,
  opts: {
    /** Whether a parsed value may be kept: settings holding a secret are not copied anywhere. */
    keep?: (value: T) => boolean;
    env?: NodeJS.ProcessEnv;
    startedAt?: number;
  } = {},
): T {
  const { keep = () => true, env = process.env, startedAt = Date.now() } = opts;
  if (!enabled(root, env)) return parse();
  const stamp = fileStamp(file, startedAt);
  const key = `${FORMAT}\n${BUILD_ID}\n${file}\n${stamp?.stamp ?? '-'}`;
  const cache = cacheFileOf(root);
  try {
    const kept = JSON.parse(readFileSync(cache, 'utf8')) as { key?: unknown; value?: unknown };
    if (kept.key === key && kept.value && typeof kept.value === 'object') return kept.value as T;
  } catch {
    // Absent or unreadable: parse the file.
  }
  const value = parse();
  // A file changed within the clock's resolution may change again under the same stamp: not kept.
  if (stamp?.settled && keep(value)) {
    try {
      writeCacheFile(cache, JSON.stringify({ key, value }));
    } catch {
      // A read-only workspace still works, only without the cache.
    }
  }
  return value;
}
