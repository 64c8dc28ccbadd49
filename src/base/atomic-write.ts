import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PtError } from './errors.js';

// node:crypto is loaded on the first write, not on start-up: most commands (validate) write nothing.
function tempPathFor(target: string): string {
  const random = process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex');
  return join(dirname(target), `.${basename(target)}.${process.pid}.${random}.tmp`);
}

/** The permission bits of the file being replaced, so an edit keeps a 0600 or 0755 file as it was. */
function modeOf(target: string): number | undefined {
  try {
    return statSync(target).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function writeDurably(path: string, content: string, mode: number | undefined): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    // Set after opening: the mode given to open is narrowed by the umask, the existing file's was not.
    if (mode !== undefined) fchmodSync(fd, mode);
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
  /**
   * What the file must hold when it is replaced: the text it was read as (so a change made meanwhile
   * by someone else is refused, not overwritten), or null when it must not exist (a create never
   * replaces a file). Left out: no check.
   */
  expect?: string | null;
}

/** A file to delete after the renames; with `expect`, only if it still holds that text. */
export type FileRemoval = string | { path: string; expect?: string };

/**
 * Writes several files as one unit: every new file is written and flushed to a temporary name first,
 * and only when all succeeded (and every file still holds what its `expect` says) are they renamed
 * into place, after which their folders are flushed so the new names survive a crash. A failure before
 * the renames leaves every target untouched. `remove` lists files to delete after the renames (a
 * renamed document's old name).
 */
export function writeFilesAtomic(files: FileWrite[], remove: FileRemoval[] = []): void {
  const staged: { temp: string; target: string; create: boolean }[] = [];
  let current = 'file';
  try {
    for (const f of files) {
      current = f.path;
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = tempPathFor(f.path);
      staged.push({ temp, target: f.path, create: f.expect === null });
      writeDurably(temp, f.content, modeOf(f.path));
    }
  } catch (cause) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new PtError('fs/write-failed', `Could not write ${current}: ${String(cause)}`, {
      hint: 'Check permissions and free space; nothing was changed.',
      exit: 4,
      cause,
    });
  }
  const removals = remove
    .map((r) => (typeof r === 'string' ? { path: r } : r))
    .filter((r) => !files.some((f) => f.path === r.path));
  try {
    for (const f of files) if (f.expect !== undefined) checkUnchanged(f.path, f.expect);
    for (const r of removals) if (r.expect !== undefined) checkUnchanged(r.path, r.expect);
  } catch (e) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw e;
  }
  for (let i = 0; i < staged.length; i++) {
    const s = staged[i]!;
    try {
      if (s.create) createFrom(s.temp, s.target);
      else renameSync(s.temp, s.target);
    } catch (cause) {
      // Leave no temporary files behind; the files renamed before this one keep their new bytes.
      for (const rest of staged.slice(i)) rmSync(rest.temp, { force: true });
      if (cause instanceof PtError) {
        if (i === 0) throw cause;
        throw new PtError(cause.code, cause.message, {
          hint: `${cause.hint} ${i} of ${staged.length} files were already written.`,
          ...(cause.location ? { location: cause.location } : {}),
          exit: cause.exit,
        });
      }
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
  for (const r of removals) rmSync(r.path, { force: true });
  syncFolders([...staged.map((s) => s.target), ...removals.map((r) => r.path)]);
}

/** Refuses to replace a file whose bytes are not what the writer read (or that exists, for a create). */
function checkUnchanged(path: string, expect: string | null): void {
  let now: Buffer | null;
  try {
    now = readFileSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new PtError('fs/write-failed', `Could not read ${path} before replacing it: ${String(cause)}`, {
        hint: 'Check permissions and that it is a file; nothing was changed.',
        location: { file: path },
        exit: 4,
        cause,
      });
    now = null;
  }
  if (expect === null && now !== null) throw exists(path);
  if (expect !== null && (now === null || !now.equals(Buffer.from(expect, 'utf8')))) {
    throw new PtError('doc/changed', `${path} changed on disk while this command was working on it`, {
      hint: 'Someone else (another command, an assistant or an editor) changed it; nothing was written. Run the command again.',
      location: { file: path },
      exit: 3,
    });
  }
}

function exists(path: string): PtError {
  return new PtError('doc/exists', `${path} already exists`, {
    hint: 'It was created while this command was working; nothing was written. Run the command again.',
    location: { file: path },
    exit: 3,
  });
}

/**
 * Puts a new file in place only if nothing is there: a hard link fails when the name exists, which a
 * rename would silently replace. File systems without hard links fall back to a check and a rename.
 */
function createFrom(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
    if (existsSync(target)) throw exists(target);
    renameSync(temp, target);
    return;
  }
  unlinkSync(temp);
}

// Opening a folder to flush it is not possible everywhere (Windows refuses); there the rename is as
// durable as the platform makes it.
const NO_FOLDER_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/** Flushes each folder that gained or lost a name, so a crash after the rename keeps the new name. */
function syncFolders(paths: string[]): void {
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    let fd: number;
    try {
      fd = openSync(dir, 'r');
    } catch (e) {
      if (NO_FOLDER_SYNC.has((e as NodeJS.ErrnoException).code ?? '')) continue;
      throw folderSyncFailed(dir, e);
    }
    try {
      fsyncSync(fd);
    } catch (e) {
      if (!NO_FOLDER_SYNC.has((e as NodeJS.ErrnoException).code ?? '')) throw folderSyncFailed(dir, e);
    } finally {
      closeSync(fd);
    }
  }
}

function folderSyncFailed(dir: string, cause: unknown): PtError {
  return new PtError('fs/write-failed', `Could not flush the folder ${dir}: ${String(cause)}`, {
    hint: 'The files were written but may not survive a crash; check the disk, then run the command again.',
    exit: 4,
    cause,
  });
}
