import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Replaces a file of one of Papertrail's own cache folders atomically (concurrent runs each write a
 * whole file; the last one wins). The folder is kept out of version control, as pytest keeps its own.
 */
export function writeCacheFile(file: string, text: string): void {
  writeFileAtomic(file, text);
  const ignore = join(dirname(file), '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}
