import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PtError } from './errors.js';

// node:crypto is loaded on the first write, not on start-up: most commands (validate) write nothing.
function tempPathFor(target: string): string {
  const random = process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex');
  return join(dirname(target), `.${basename(target)}.${process.pid}.${random}.tmp`);
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
  let current = 'file';
  try {
    for (const f of files) {
      current = f.path;
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = tempPathFor(f.path);
      staged.push({ temp, target: f.path });
      writeDurably(temp, f.content);
    }
  } catch (cause) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new PtError('fs/write-failed', `Could not write ${current}: ${String(cause)}`, {
      hint: 'Check permissions and free space; nothing was changed.',
      exit: 4,
      cause,
    });
  }
  for (let i = 0; i < staged.length; i++) {
    const s = staged[i]!;
    try {
      renameSync(s.temp, s.target);
    } catch (cause) {
      // Leave no temporary files behind; the files renamed before this one keep their new bytes.
      for (const rest of staged.slice(i)) rmSync(rest.temp, { force: true });
      throw new PtError('fs/write-failed', `Could not write ${s.target}: ${String(cause)}`, {
        hint:
          i === 0
            ? 'Check permissions and that the target is not a folder; nothing was changed.'
            : `Check permissions and that the target is not a folder; ${i} of ${staged.length} files were already written.`,
        exit: 4,
        cause,
      });
    }
  }
  for (const r of remove) {
    if (!files.some((f) => f.path === r)) rmSync(r, { force: true });
  }
}
