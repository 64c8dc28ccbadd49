import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PtError } from './errors.js';

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file so that a reader sees either the old bytes or the new ones, never a half-written file. */
export function writeFileAtomic(target: string, content: string): void {
  writeFilesAtomic([{ path: target, content }]);
}

export interface FileWrite {
  path: string;
  content: string;
}

/**
 * Writes several files as one unit: every new file is written and flushed to a temporary name first,
 * and only when all succeeded are they renamed into place. A failure before the renames leaves every
 * target untouched. `remove` lists files to delete after the renames (a renamed document's old name).
 */
export function writeFilesAtomic(files: FileWrite[], remove: string[] = []): void {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = tempPathFor(f.path);
      staged.push({ temp, target: f.path });
      writeDurably(temp, f.content);
    }
  } catch (cause) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new PtError(
      'fs/write-failed',
      `Could not write ${staged.at(-1)?.target ?? 'file'}: ${String(cause)}`,
      {
        hint: 'Check permissions and free space; nothing was changed.',
        exit: 4,
        cause,
      },
    );
  }
  for (const s of staged) renameSync(s.temp, s.target);
  for (const r of remove) {
    if (!files.some((f) => f.path === r)) rmSync(r, { force: true });
  }
}
