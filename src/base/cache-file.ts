import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/** Whether Papertrail's caches may be used: yes, unless PAPERTRAIL_NO_CACHE is set to anything but "" or "0". */
export function cachesAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const off = env.PAPERTRAIL_NO_CACHE;
  return off === undefined || off === '' || off === '0';
}

let held = false;

/**
 * From now on this process writes no cache file: a dry run promises to write nothing, and a cache
 * written by one (which it may be, depending on how long ago a file it read was changed) is a write.
 */
export function holdCacheWrites(): void {
  held = true;
}

/**
 * Replaces a file of one of Papertrail's own cache folders atomically (concurrent runs each write a
 * whole file; the last one wins). The folder is kept out of version control, as pytest keeps its own.
 * Nothing is written once cache writes are held.
 */
export function writeCacheFile(file: string, text: string): void {
  if (held) return;
  writeFileAtomic(file, text);
  const ignore = join(dirname(file), '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}
