// A line-oriented Markdown scanner. It finds exactly what documents need (headings, fences, list
// items, bold labels) with byte offsets, and nothing else; a full CommonMark parse costs many times
// more, and validate must stay near the speed of reading the files (BENCHMARKS.md).

export interface Line {
  /** 1-based line number in the whole file. */
  num: number;
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the line's text, before its line ending. */
  end: number;
  text: string;
  /** True for the fence lines themselves and everything between them. */
  inFence: boolean;
}

export interface Heading {
  level: number;
  /** Heading text, trimmed, without the closing #s. */
  text: string;
  /** Index into `lines`. */
  index: number;
  line: number;
  /** 1-based column where the heading text starts. */
  column: number;
}

export interface Scanned {
  source: string;
  lines: Line[];
  headings: Heading[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function splitLines(source: string, firstLine = 1, baseOffset = 0): Line[] {
  const lines: Line[] = [];
  // A byte-order mark is not part of the first line's text: `\uFEFF# Title` is still a heading.
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let num = firstLine;
  const n = source.length;
  while (pos <= n) {
    let nl = source.indexOf('\n', pos);
    if (nl === -1) nl = n;
    let end = nl;
    if (end > pos && source.charCodeAt(end - 1) === 13) end--;
    lines.push({
      num,
      start: baseOffset + pos,
      end: baseOffset + end,
      text: source.slice(pos, end),
      inFence: false,
    });
    if (nl === n) break;
    pos = nl + 1;
    num++;
  }
  return lines;
}

const isBlank = (c: number) => c === 32 || c === 9;

/** ATX heading of line text `t` at `hash` (the first #), parsed by hand: this runs for every line of every file. */
export function atxHeading(t: string, hash: number, index: number, num: number): Heading | null {
  let k = hash;
  while (k < t.length && t.charCodeAt(k) === 35) k++;
  const level = k - hash;
  if (level > 6 || (k < t.length && !isBlank(t.charCodeAt(k)))) return null;
  let e = t.length;
  while (e > k && isBlank(t.charCodeAt(e - 1))) e--;
  let s = k;
  while (s < e && isBlank(t.charCodeAt(s))) s++;
  // A closing run of #s counts only when blank-separated from the text (or is all there is).
  let c = e;
  while (c > s && t.charCodeAt(c - 1) === 35) c--;
  if (c < e && (c === s || isBlank(t.charCodeAt(c - 1)))) {
    e = c;
    while (e > s && isBlank(t.charCodeAt(e - 1))) e--;
  }
  const text = t.slice(s, e);
  return { level, text, index, line: num, column: text ? s + 1 : hash + 1 };
}

export function scanLines(lines: Line[], source: string): Scanned {
  const headings: Heading[] = [];
  let fenceChar = '';
  let fenceLen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text;
    if (fenceLen > 0) {
      line.inFence = true;
      const m = FENCE.exec(t);
      if (m && m[1]![0] === fenceChar && m[1]!.length >= fenceLen && t.slice(m[0].length).trim() === '') {
        fenceLen = 0;
      }
      continue;
    }
    // Headings and fences may be indented by up to three spaces; deeper is code or continuation.
    let p = 0;
    while (p < 3 && t.charCodeAt(p) === 32) p++;
    const c = t.charCodeAt(p);
    if (c === 96 /* ` */ || c === 126 /* ~ */) {
      const m = FENCE.exec(t);
      if (m && !(m[1]![0] === '`' && t.slice(m[0].length).includes('`'))) {
        fenceChar = m[1]![0]!;
        fenceLen = m[1]!.length;
        line.inFence = true;
        continue;
      }
    }
    if (c === 35 /* # */) {
      const h = atxHeading(t, p, i, line.num);
      if (h) headings.push(h);
    }
  }
  return { source, lines, headings };
}

export function scan(source: string, firstLine = 1, baseOffset = 0): Scanned {
  return scanLines(splitLines(source, firstLine, baseOffset), source);
}

/** The heading that ends the block opened by `headings[i]`: the next one at the same or a higher level. */
export function blockEnd(s: Scanned, headingPos: number, endIndex = s.lines.length): number {
  const h = s.headings[headingPos]!;
  for (let k = headingPos + 1; k < s.headings.length; k++) {
    const o = s.headings[k]!;
    if (o.index >= endIndex) break;
    if (o.level <= h.level) return o.index;
  }
  return endIndex;
}

/** Paragraphs (runs of non-blank lines outside fences) between two line indices. */
export function paragraphs(lines: Line[], from: number, to: number): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    if (l.text.trim() === '' && !l.inFence) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

const LIST_MARK = /^(\s*)(?:[-*+]|\d{1,9}[.)])[ \t]+/;

/** The text of a list item line without its marker, or null when the line is not a list item. */
export function listItemText(text: string): string | null {
  const m = LIST_MARK.exec(text);
  return m ? text.slice(m[0].length).trim() : null;
}

/** The indent of a list item line, or -1 when the line is not one. */
export function listIndent(text: string): number {
  // The marker is not blank, so the indent is the line's leading blank run: a test and a search
  // tell it without the match array an exec would build for every step line.
  return LIST_MARK.test(text) ? text.search(/\S/) : -1;
}

/**
 * A bold label at the start of a line: `**Depends on:** x`, `**ID**: x`, `__Key:__ x`.
 * Returns the label without the colon and the rest of the line.
 */
const LABEL = /^\s*(?:[-*+][ \t]+)?(\*\*|__)([^*_\n]+?)(:?)\1(:?)[ \t]*(.*)$/;
export function boldLabel(text: string): { label: string; value: string } | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  if (!m[3] && !m[4]) return null;
  return { label: m[2]!.trim(), value: m[5]!.trim() };
}
