import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/** Whether Papertrail's caches may be used: yes, unless PAPERTRAIL_NO_CACHE is set to anything but "" or "0". */
export function cachesAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const off = env.PAPERTRAIL_NO_CACHE;
  return off === undefined || off === '' || off === '0';
}

/**
 * Replaces a file of one of Papertrail's own cache folders atomically (concurrent runs each write a
 * whole file; the last one wins). The folder is kept out of version control, as pytest keeps its own.
 */
export function writeCacheFile(file: string, text: string): void {
  writeFileAtomic(file, text);
  const ignore = join(dirname(file), '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}
