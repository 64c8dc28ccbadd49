import { ChainVerifier } from '../../domain/execution/index.js';
import type { AuditRange, AuditRow } from '../../ports/store/index.js';

// One range of the chain checked on its own: each record needs only itself and the hash the record
// before it stores, so ranges can be checked side by side. A range checked this way says only whether
// it is intact; where the chain is not, it is verified again in order from the range's start, which
// names the first bad record exactly as a verification from the first record would.

/** What a range's check found: whether its records are all there, intact, each following the one before. */
export interface RangeOutcome {
  range: AuditRange;
  intact: boolean;
  /** The hash of the range's last record when intact. */
  head: string | null;
}

/** Reads records from seq `from` to `to` in order, feeding each until `feed` returns false. */
export type ReadRange = (range: AuditRange, feed: (r: AuditRow) => boolean) => Promise<void>;

/**
 * Checks `range` on the assumption that the records before it are intact (the range before checks
 * that): the record before the range is read too, for the hash the range's first record must follow.
 */
export async function verifyRange(range: AuditRange, read: ReadRange): Promise<RangeOutcome> {
  const before = range.from - 1;
  let v: ChainVerifier | null = before === 0 ? new ChainVerifier() : null;
  await read({ from: Math.max(1, before), to: range.to }, (r) => {
    if (!v) {
      // A missing record before the range breaks the range before it; '' makes this one not intact too.
      v = new ChainVerifier(undefined, { length: before, head: r.seq === before ? r.hash : '' });
      if (r.seq === before) return true;
    }
    return v.addStored(r);
  });
  const at = (v as ChainVerifier | null)?.intact();
  return at?.length === range.to
    ? { range, intact: true, head: at.head }
    : { range, intact: false, head: null };
}

/** `last` records (seq 1 to last) in `count` ranges of near equal size. */
export function rangesOf(last: number, count: number): AuditRange[] {
  const out: AuditRange[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((last * i) / count) + 1;
    const to = Math.floor((last * (i + 1)) / count);
    if (to >= from) out.push({ from, to });
  }
  return out;
}
