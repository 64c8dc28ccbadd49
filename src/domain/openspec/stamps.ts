// What tells a file's version without reading it: size, modification and status-change times and
// inode. An edit that keeps the size and even restores the modification time still moves the
// status-change time (which nothing can set back), and a file replaced by a rename gets a new inode.
//
// A timestamp only distinguishes edits made at least one clock tick apart, and some file systems
// tick once a second or two. A file changed within that window before a run may change again with
// an identical stamp, so such a file is "unsettled": it is checked, but its result is not kept.
import { readdirSync, statSync } from 'node:fs';
import { inRoot, OPENSPEC_DIR } from './walk.js';

/** Coarsest timestamp resolution assumed (FAT); finer file systems lose nothing but two seconds. */
export const SETTLE_MS = 2000;

export const ABSENT = '-';

export class Stamps {
  /** False once a stamped file changed too recently to trust its stamp next time. */
  settled = true;

  /**
   * @param startedAt when the run began (ms since the epoch); files changed after
   *   `startedAt - SETTLE_MS` are unsettled.
   */
  constructor(
    readonly root: string,
    private readonly startedAt: number,
  ) {}

  // A main spec is stamped for itself and again for every change that targets it: once is enough.
  private readonly seen = new Map<string, string>();
  private readonly unsettled = new Set<string>();

  /** The stamp of a file relative to the root, or ABSENT; links are followed, like the reads. */
  of(rel: string): string {
    let stamp = this.seen.get(rel);
    if (stamp === undefined) {
      const st = statSync(inRoot(this.root, rel), { throwIfNoEntry: false });
      stamp = st ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}` : ABSENT;
      if (st && Math.max(st.mtimeMs, st.ctimeMs) >= this.startedAt - SETTLE_MS) this.unsettled.add(rel);
      this.seen.set(rel, stamp);
    }
    if (this.unsettled.has(rel)) this.settled = false;
    return stamp;
  }

  /**
   * Everything outside a change that decides how its files are read: openspec/config.yaml (the
   * default schema) and which project schemas exist.
   */
  environment(): string {
    const parts = [this.of(`${OPENSPEC_DIR}/config.yaml`)];
    let names: string[] = [];
    try {
      names = readdirSync(inRoot(this.root, `${OPENSPEC_DIR}/schemas`)).sort();
    } catch {
      // no project schemas
    }
    for (const n of names) parts.push(`${n}=${this.of(`${OPENSPEC_DIR}/schemas/${n}/schema.yaml`)}`);
    return parts.join('|');
  }
}
