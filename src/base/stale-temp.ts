import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { pidAlive } from './file-lock.js';

// The name atomic-write gives a file while it is written: `.<name>.<pid>.<8 hex>.tmp`.
const OWN_TEMP = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The id of the process that was writing `path`, when it is one of Papertrail's own temporary files. */
export function ownTempWriter(path: string): number | null {
  const m = OWN_TEMP.exec(basename(path));
  return m ? Number(m[1]) : null;
}

/**
 * Removes `path` when it is a temporary file Papertrail left behind: its name is the one atomic
 * writes use and the process that wrote it is gone (killed before its rename). A file of a live
 * process, or of this one, is kept: that write may still finish. True when it was removed.
 */
export function removeStaleTemp(path: string): boolean {
  const pid = ownTempWriter(path);
  if (pid === null || pid === process.pid || pidAlive(pid)) return false;
  try {
    rmSync(path);
    return true;
  } catch {
    return false;
  }
}
