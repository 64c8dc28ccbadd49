// Stamps of an OpenSpec tree's files (see base/file-stamp.ts for what a stamp is and when it is
// settled), each taken once per run.
import { readdirSync } from 'node:fs';
import { fileStamp } from '../../base/index.js';
import { inRoot, OPENSPEC_DIR } from './walk.js';

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
      const st = fileStamp(inRoot(this.root, rel), this.startedAt);
      stamp = st?.stamp ?? ABSENT;
      if (st && !st.settled) this.unsettled.add(rel);
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
