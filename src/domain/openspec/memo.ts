// Reuses the results of an earlier validate for what has not changed since, and records the
// results of this run for the next one. A main spec's findings depend on its file alone. A
// change's findings depend on its files, the main specs its deltas apply to and the project's
// schema settings, so its key covers all of them; only the overlap between changes is recomputed
// every run, from the touches each change record keeps.
import type { Finding } from '../findings/index.js';
import {
  type CacheData,
  type ChangeRecord,
  changeHit,
  changeRecord,
  emptyCache,
  type SpecRecord,
  specHit,
  specRecord,
} from './cache-data.js';
import type { OpenSpecLoader } from './load.js';
import type { Touch } from './overlap.js';
import { ABSENT, Stamps } from './stamps.js';
import type { ChangeEntry, SpecEntry } from './walk.js';

export interface MemoStats {
  specs: { reused: number; checked: number };
  changes: { reused: number; checked: number };
}

export interface MemoResult {
  data: CacheData;
  /** False when the data equals what was given, so there is nothing to write. */
  changed: boolean;
  stats: MemoStats;
}

export class ResultMemo {
  private readonly stamps: Stamps;
  private readonly old: CacheData;
  private readonly next: CacheData;
  private readonly envSettled: boolean;
  private changed: boolean;
  readonly stats: MemoStats = { specs: { reused: 0, checked: 0 }, changes: { reused: 0, checked: 0 } };

  constructor(
    private readonly env: OpenSpecLoader,
    given: CacheData | null,
    engine: string,
    startedAt: number,
  ) {
    this.stamps = new Stamps(env.root, startedAt);
    const envStamp = this.stamps.environment();
    this.envSettled = this.stamps.settled;
    this.old = given ?? emptyCache(engine);
    // Change records made under other schema settings are worthless; spec records still hold.
    const sameEnv = this.envSettled && this.old.env === envStamp;
    this.next = { ...emptyCache(engine), env: this.envSettled ? envStamp : ABSENT };
    if (!sameEnv) this.old = { ...this.old, changes: {} };
    this.changed = given === null || !sameEnv;
  }

  /**
   * A main spec's findings: remembered when its file is unchanged, else computed and remembered. Null
   * (and nothing remembered) when `check` finds no spec there.
   */
  spec(entry: SpecEntry, check: () => Finding[] | null): Finding[] | null {
    this.stamps.settled = true;
    const stamp = this.stamps.of(entry.file);
    if (stamp === ABSENT && entry.unseen) return null;
    const hit = specHit(this.old, entry.file, stamp);
    if (hit) {
      this.stats.specs.reused++;
      this.next.specs[entry.file] = this.old.specs[entry.file]!;
      return hit;
    }
    this.stats.specs.checked++;
    const settled = this.stamps.settled;
    const findings = check();
    if (findings === null) return null;
    if (settled) this.next.specs[entry.file] = specRecord(stamp, findings);
    this.changed = true;
    return findings;
  }

  /**
   * A change's findings (overlap excluded) and touches. A change that is only a folder around
   * others is not remembered: finding that out reads folders the key does not cover.
   */
  change(
    entry: ChangeEntry,
    check: () => { findings: Finding[]; touches: Touch[] },
  ): { findings: Finding[]; touches: Touch[] } {
    const cacheable = entry.rootFiles.size > 0 || entry.hasMetadata || entry.specsHaveFiles;
    const key = cacheable ? this.changeKey(entry) : null;
    const hit = key === null ? null : changeHit(this.old, entry.id, key);
    if (hit) {
      this.stats.changes.reused++;
      this.next.changes[entry.id] = this.old.changes[entry.id]!;
      return hit;
    }
    this.stats.changes.checked++;
    const settled = this.stamps.settled && this.envSettled;
    const result = check();
    if (key !== null && settled)
      this.next.changes[entry.id] = changeRecord(key, result.findings, result.touches);
    this.changed = true;
    return result;
  }

  /** Keeps the records of a spec or change this run did not look at (outside `only`). */
  carry(kind: 'spec' | 'change', id: string): void {
    if (kind === 'spec' && Object.hasOwn(this.old.specs, id)) {
      this.next.specs[id] = this.old.specs[id] as SpecRecord;
    } else if (kind === 'change' && Object.hasOwn(this.old.changes, id)) {
      this.next.changes[id] = this.old.changes[id] as ChangeRecord;
    }
  }

  result(): MemoResult {
    // A record dropped (its file or change is gone) changes the data too.
    const dropped =
      Object.keys(this.old.specs).length !== Object.keys(this.next.specs).length ||
      Object.keys(this.old.changes).length !== Object.keys(this.next.changes).length;
    return { data: this.next, changed: this.changed || dropped, stats: this.stats };
  }

  /** Everything loadChange and checkChange read for this change, stamped, then hashed. */
  private changeKey(entry: ChangeEntry): string {
    this.stamps.settled = true;
    const parts: string[] = [
      entry.dir,
      [...entry.rootFiles].sort().join('/'),
      String(entry.hasMetadata),
      String(entry.specsHaveFiles),
      entry.rootSpec ?? '',
    ];
    for (const d of entry.deltas) {
      const target = this.env.specFile(d.capability);
      parts.push('delta', d.capability, d.file, this.stamps.of(d.file), target, this.stamps.of(target));
    }
    for (const s of entry.strayMarkdown) parts.push('stray', s.path, s.file, this.stamps.of(s.file));
    if (entry.hasMetadata) parts.push('metadata', this.stamps.of(`${entry.dir}/.openspec.yaml`));
    if (entry.rootFiles.has('tasks.md')) parts.push('tasks', this.stamps.of(`${entry.dir}/tasks.md`));
    const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
    return hash.update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
  }
}
