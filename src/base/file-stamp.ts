// What tells a file's version without reading it: size, modification and status-change times and
// inode. An edit that keeps the size and even restores the modification time still moves the
// status-change time (which nothing can set back), and a file replaced by a rename gets a new inode.
//
// A timestamp only distinguishes edits made at least one clock tick apart, and some file systems
// tick once a second or two. A file changed within that window before a run may change again with
// an identical stamp, so such a file is "unsettled": it is read, but nothing worked out from it is kept.
import { statSync } from 'node:fs';

/** Coarsest timestamp resolution assumed (FAT); finer file systems lose nothing but two seconds. */
export const SETTLE_MS = 2000;

export interface FileStamp {
  stamp: string;
  /** False when the file changed within SETTLE_MS before `startedAt`, or after it. */
  settled: boolean;
}

/** The stamp of a file (links followed, like the reads), or null when there is none. */
export function fileStamp(path: string, startedAt: number): FileStamp | null {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return null;
  return {
    stamp: `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`,
    settled: Math.max(st.mtimeMs, st.ctimeMs) < startedAt - SETTLE_MS,
  };
}
