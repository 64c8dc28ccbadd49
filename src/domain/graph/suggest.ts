import { compareStrings } from './order.js';

const MAX_CANDIDATES = 3;

const fold = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Levenshtein distance, giving up (returning `limit + 1`) once it cannot stay within `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * "Did you mean": the pool entries closest to `ref`, ignoring case and spacing. A name that contains
 * the other (`Login` vs `User Login`) also counts, ranked after real near-misses.
 */
export function suggest(ref: string, pool: Iterable<string>): string[] {
  const want = fold(ref);
  const limit = Math.max(2, Math.floor(want.length / 3));
  const scored = new Map<string, number>();
  for (const cand of pool) {
    const have = fold(cand);
    let d = editDistance(want, have, limit);
    if (
      d > limit &&
      Math.min(want.length, have.length) >= 3 &&
      (have.includes(want) || want.includes(have))
    ) {
      d = limit + 1;
    } else if (d > limit) continue;
    const prev = scored.get(cand);
    if (prev === undefined || d < prev) scored.set(cand, d);
  }
  return [...scored]
    .sort((a, b) => a[1] - b[1] || compareStrings(a[0], b[0]))
    .slice(0, MAX_CANDIDATES)
    .map(([c]) => c);
}
