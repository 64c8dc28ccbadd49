// One pass over a spec file that yields what OpenSpec sees (its headers, its fenced lines) and the
// lines where rendered Markdown sees something else. OpenSpec reads structure with line regexes,
// not Markdown: a header must start in column 1, a fence opens at any indentation and closes on a
// bare marker run, and a section title keeps its closing #s. Parsing through this view makes
// Papertrail see exactly the requirements OpenSpec sees; where the two readings differ neither tool
// can be right, so those lines are reported.
//
// Validate runs this on every line of every spec, so lines are offsets into the source, not
// objects, and only lines that can matter (a #, a fence marker, indentation) are looked at closely.
import { atxHeading, type Heading } from '../markdown/index.js';
import type { MalformedHeader } from './model.js';

export interface SpecScan {
  source: string;
  /** Number of lines. */
  count: number;
  /**
   * Line i is source[bounds[2i], bounds[2i + 1]), line ending excluded; its number is i + 1. The
   * buffer is shared by every scan and overwritten by the next one: a scan is read while its file
   * is parsed and never kept (the parsed models hold strings, not offsets into it).
   */
  bounds: Int32Array;
  /** Per line, 1 where OpenSpec takes it for fenced code (fence lines included); null when no line is. */
  fenced: Uint8Array | null;
  /** The headers OpenSpec reads; `index` is the line index. */
  headings: Heading[];
  /** Header lines OpenSpec and Markdown disagree on. */
  malformed: MalformedHeader[];
}

const KEYWORD_NO_SPACE =
  /^#{1,6}(?=(?:Requirement|Scenario)\s*:|(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements)\s*$)/i;
const SECTION_NAME = /^(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED) Requirements)$/i;
const MD_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OS_FENCE_OPEN = /^\s*(`{3,}|~{3,})/;
const OS_FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;

const HASH = 35;
const BACKTICK = 96;
const TILDE = 126;
const SPACE = 32;
const TAB = 9;

// Two offsets per line, grown as needed and reused: allocating them per file was a fifth of the
// garbage a large validate made.
let shared = new Int32Array(2 * 1024);

/** Scans a source without a byte-order mark (OpenSpec strips it before reading). */
export function scanSpec(source: string): SpecScan {
  let bounds = shared;
  const headings: Heading[] = [];
  const malformed: MalformedHeader[] = [];
  // Fenced line ranges as [from, to) pairs; turned into per-line flags at the end.
  const fences: number[] = [];
  let fenceFrom = -1;
  // Markdown's fence state (for its headers) and OpenSpec's, which differ on indentation and closers.
  let mdChar = 0;
  let mdLen = 0;
  let osChar = 0;
  let osLen = 0;
  let count = 0;
  const n = source.length;
  // As in the Markdown scanner: a byte-order mark is not part of the first line's text.
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = 0; ; i++) {
    let nl = source.indexOf('\n', pos);
    if (nl === -1) nl = n;
    let e = nl;
    if (e > pos && source.charCodeAt(e - 1) === 13) e--;
    if (2 * i + 2 > bounds.length) {
      const bigger = new Int32Array(bounds.length * 2);
      bigger.set(bounds);
      bounds = shared = bigger;
    }
    bounds[2 * i] = pos;
    bounds[2 * i + 1] = e;
    count = i + 1;
    const c0 = pos < e ? source.charCodeAt(pos) : -1;
    // A line starting with anything else changes no fence and is no header in either reading.
    if (c0 === HASH || c0 === SPACE || c0 === TAB || c0 === BACKTICK || c0 === TILDE) {
      const t = source.slice(pos, e);
      const num = i + 1;
      let md: Heading | null = null;
      if (mdLen > 0) {
        const m = MD_FENCE.exec(t);
        if (
          m &&
          m[1]!.charCodeAt(0) === mdChar &&
          m[1]!.length >= mdLen &&
          t.slice(m[0].length).trim() === ''
        )
          mdLen = 0;
      } else {
        let p = 0;
        while (p < 3 && t.charCodeAt(p) === SPACE) p++;
        const c = t.charCodeAt(p);
        const m = c === BACKTICK || c === TILDE ? MD_FENCE.exec(t) : null;
        if (m && !(c === BACKTICK && t.slice(m[0].length).includes('`'))) {
          mdChar = c;
          mdLen = m[1]!.length;
        } else if (c === HASH) md = atxHeading(t, p, i, num);
      }
      let k = 0;
      while (k < t.length && (t.charCodeAt(k) === SPACE || t.charCodeAt(k) === TAB)) k++;
      const c = k < t.length ? t.charCodeAt(k) : -1;
      let fenced = osLen > 0;
      if (c === BACKTICK || c === TILDE) {
        const m = (osLen === 0 ? OS_FENCE_OPEN : OS_FENCE_CLOSE).exec(t);
        if (m && osLen === 0) {
          osChar = c;
          osLen = m[1]!.length;
          fenced = true;
          fenceFrom = i;
        } else if (m && m[1]!.charCodeAt(0) === osChar && m[1]!.length >= osLen) {
          osLen = 0;
          fences.push(fenceFrom, i + 1);
        }
      }
      if (c !== HASH || c0 !== HASH || fenced) {
        if (md) flag(malformed, 'markdown-only', t, num);
      } else {
        const h = md ?? atxHeading(t, 0, i, num);
        if (!h) {
          if (KEYWORD_NO_SPACE.test(t)) flag(malformed, 'missing-space', t, num);
        } else {
          if (!md) flag(malformed, 'openspec-only', t, num);
          else if (SECTION_NAME.test(h.text) && /#[ \t]*$/.test(t)) flag(malformed, 'closing-hashes', t, num);
          headings.push(h);
        }
      }
    }
    if (nl === n) break;
    pos = nl + 1;
  }
  if (osLen > 0) fences.push(fenceFrom, count);
  let fenced: Uint8Array | null = null;
  if (fences.length > 0) {
    fenced = new Uint8Array(count);
    for (let f = 0; f < fences.length; f += 2) fenced.fill(1, fences[f], fences[f + 1]);
  }
  return { source, count, bounds, fenced, headings, malformed };
}

function flag(out: MalformedHeader[], kind: MalformedHeader['kind'], t: string, line: number): void {
  out.push({ kind, text: t.trim(), line, column: t.search(/\S/) + 1 });
}

export function lineStart(s: SpecScan, i: number): number {
  return s.bounds[2 * i]!;
}

export function lineEnd(s: SpecScan, i: number): number {
  return s.bounds[2 * i + 1]!;
}

export function lineText(s: SpecScan, i: number): string {
  return s.source.slice(s.bounds[2 * i]!, s.bounds[2 * i + 1]!);
}

export function isFenced(s: SpecScan, i: number): boolean {
  return s.fenced !== null && s.fenced[i] === 1;
}

/** Whether the line is empty or only whitespace (as `trim` sees it), without slicing it in the usual case. */
export function isBlankLine(s: SpecScan, i: number): boolean {
  const src = s.source;
  const e = s.bounds[2 * i + 1]!;
  for (let k = s.bounds[2 * i]!; k < e; k++) {
    const c = src.charCodeAt(k);
    if (c === SPACE || c === TAB) continue;
    // Other whitespace (no-break space, form feed, ...) is rare: let trim decide.
    if (c < 33 || c > 126) return src.slice(k, e).trim() === '';
    return false;
  }
  return true;
}

/** The heading that ends the block opened by `headings[pos]`: the next one at the same or a higher level. */
export function blockEnd(s: SpecScan, pos: number, endIndex = s.count): number {
  const h = s.headings[pos]!;
  for (let k = pos + 1; k < s.headings.length; k++) {
    const o = s.headings[k]!;
    if (o.index >= endIndex) break;
    if (o.level <= h.level) return o.index;
  }
  return endIndex;
}
