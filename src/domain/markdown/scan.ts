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
  /**
   * Every line as an object, built on first use. The document parser reads the offsets below instead:
   * an object and a string per line of every file was the largest part of what a parse allocated.
   */
  readonly lines: Line[];
  headings: Heading[];
  /** Number of lines. */
  readonly count: number;
  /** Offset in `source` of each line's first character. */
  readonly starts: readonly number[];
  /** Per line, 1 for the fence lines and everything between them; null when there is no fence. */
  readonly fenced: Uint8Array | null;
  /** Number of the first line, and the offset of `source` in the file (what Line offsets add). */
  readonly firstLine: number;
  readonly baseOffset: number;
}

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

/** Offset in `s.source` just past line `i`'s text, before its line ending. */
export function lineEnd(s: Scanned, i: number): number {
  const start = s.starts[i]!;
  const nl = i + 1 < s.count ? s.starts[i + 1]! - 1 : s.source.length;
  return nl > start && s.source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Line `i`'s text, as `s.lines[i].text` gives it. */
export function lineText(s: Scanned, i: number): string {
  return s.source.slice(s.starts[i], lineEnd(s, i));
}

/** Whether line `i` is a fence line or inside a fence, as `s.lines[i].inFence` tells. */
export function lineInFence(s: Scanned, i: number): boolean {
  return s.fenced !== null && s.fenced[i] === 1;
}

/** Line `i`'s 1-based number, as `s.lines[i].num` gives it. */
export function lineNum(s: Scanned, i: number): number {
  return s.firstLine + i;
}

/** Offset in the file of line `i`'s first character, as `s.lines[i].start` gives it. */
export function lineStart(s: Scanned, i: number): number {
  return s.baseOffset + s.starts[i]!;
}

class ScannedText implements Scanned {
  #lines: Line[] | undefined;
  constructor(
    readonly source: string,
    public headings: Heading[],
    readonly count: number,
    readonly starts: readonly number[],
    readonly fenced: Uint8Array | null,
    readonly firstLine: number,
    readonly baseOffset: number,
  ) {}

  get lines(): Line[] {
    if (!this.#lines) {
      const lines: Line[] = new Array(this.count);
      for (let i = 0; i < this.count; i++) {
        const start = this.starts[i]!;
        const end = lineEnd(this, i);
        lines[i] = {
          num: this.firstLine + i,
          start: this.baseOffset + start,
          end: this.baseOffset + end,
          text: this.source.slice(start, end),
          inFence: lineInFence(this, i),
        };
      }
      this.#lines = lines;
    }
    return this.#lines;
  }
}

/**
 * The run of three or more backticks or tildes, after at most three spaces, that starts the line from
 * `pos` to `end` (what opens or closes a fence), or null.
 */
function fenceRun(
  source: string,
  pos: number,
  end: number,
): { char: number; len: number; after: number } | null {
  let p = pos;
  while (p < end && p - pos < 3 && source.charCodeAt(p) === 32) p++;
  const c = source.charCodeAt(p);
  if (p >= end || (c !== 96 /* ` */ && c !== 126) /* ~ */) return null;
  let k = p;
  while (k < end && source.charCodeAt(k) === c) k++;
  return k - p >= 3 ? { char: c, len: k - p, after: k } : null;
}

const onlyBlanksBetween = (source: string, from: number, to: number) =>
  from >= to || isBlankLine(source.slice(from, to));

export function scan(source: string, firstLine = 1, baseOffset = 0): Scanned {
  const n = source.length;
  // A byte-order mark is not part of the first line's text: `\uFEFF# Title` is still a heading.
  const first = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let count = 1;
  for (let nl = source.indexOf('\n', first); nl !== -1; nl = source.indexOf('\n', nl + 1)) count++;
  const starts: number[] = new Array(count);
  const headings: Heading[] = [];
  let fenced: Uint8Array | null = null;
  let fenceChar = 0;
  let fenceLen = 0;
  let pos = first;
  for (let i = 0; i < count; i++) {
    starts[i] = pos;
    let nl = source.indexOf('\n', pos);
    if (nl === -1) nl = n;
    let end = nl;
    if (end > pos && source.charCodeAt(end - 1) === 13) end--;
    if (fenceLen > 0) {
      fenced![i] = 1;
      const f = fenceRun(source, pos, end);
      if (f && f.char === fenceChar && f.len >= fenceLen && onlyBlanksBetween(source, f.after, end))
        fenceLen = 0;
    } else {
      // Headings and fences may be indented by up to three spaces; deeper is code or continuation.
      let p = pos;
      while (p < end && p - pos < 3 && source.charCodeAt(p) === 32) p++;
      const c = p < end ? source.charCodeAt(p) : -1;
      if (c === 96 /* ` */ || c === 126 /* ~ */) {
        const f = fenceRun(source, pos, end);
        if (f && !(c === 96 && source.slice(f.after, end).includes('`'))) {
          fenceChar = f.char;
          fenceLen = f.len;
          fenced ??= new Uint8Array(count);
          fenced[i] = 1;
        }
      } else if (c === 35 /* # */) {
        const h = atxHeading(source.slice(pos, end), p - pos, i, firstLine + i);
        if (h) headings.push(h);
      }
    }
    pos = nl + 1;
  }
  return new ScannedText(source, headings, count, starts, fenced, firstLine, baseOffset);
}

/** The heading that ends the block opened by `headings[i]`: the next one at the same or a higher level. */
export function blockEnd(s: Scanned, headingPos: number, endIndex = s.count): number {
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

// Patterns used per line live here, once: a literal in a function body is a new RegExp object at
// every call.
const NOT_BLANK = /\S/;

/** The indent of a list item line, or -1 when the line is not one. */
export function listIndent(text: string): number {
  // The marker is not blank, so the indent is the line's leading blank run: a test and a search
  // tell it without the match array an exec would build for every step line.
  return LIST_MARK.test(text) ? text.search(NOT_BLANK) : -1;
}

/** Index of the first character of `text` that is not whitespace, or -1. */
export function firstNonBlank(text: string): number {
  return text.search(NOT_BLANK);
}

/**
 * Whether `text` is empty or whitespace only, as `text.trim() === ''` tells, without the trimmed copy
 * that makes for an indented line.
 */
export function isBlankLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    // Printable ASCII is never whitespace; anything else is left to trim's own definition.
    if (c > 32 && c < 127) return false;
    return text.trim() === '';
  }
  return true;
}

/**
 * A bold label at the start of a line: `**Depends on:** x`, `**ID**: x`, `__Key:__ x`.
 * Returns the label without the colon and the rest of the line.
 */
const LABEL = /^\s*(?:[-*+][ \t]+)?(\*\*|__)([^*_\n]+?)(:?)\1(:?)[ \t]*(.*)$/;
export function boldLabel(text: string): { label: string; value: string } | null {
  // Most lines have no bold at all; the pattern's match array is built only for those that do.
  if (!text.includes('**') && !text.includes('__')) return null;
  const m = LABEL.exec(text);
  if (!m) return null;
  if (!m[3] && !m[4]) return null;
  return { label: m[2]!.trim(), value: m[5]!.trim() };
}
