// OpenSpec reads structure with line regexes, not Markdown: a header must start in column 1, a
// fence opens at any indentation and closes on a bare marker run, and a section title keeps its
// closing #s. Parsing through this view makes Papertrail see exactly the requirements OpenSpec
// sees (so it reports every error OpenSpec does, on the same line); every line where the view
// differs from rendered Markdown is returned too, because there the two tools cannot both be right.
import { type Heading, type Line, type Scanned, scan } from '../markdown/index.js';
import type { MalformedHeader } from './model.js';

const KEYWORD_NO_SPACE =
  /^#{1,6}(?=(?:Requirement|Scenario)\s*:|(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements)\s*$)/i;
const SECTION_NAME = /^(?:Purpose|Requirements|(?:ADDED|MODIFIED|REMOVED|RENAMED) Requirements)$/i;
const FENCE_OPEN = /^\s*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;

export interface OpenSpecView {
  s: Scanned;
  malformed: MalformedHeader[];
}

function firstNonBlank(t: string): number {
  let i = 0;
  while (i < t.length && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
  return i < t.length ? t.charCodeAt(i) : -1;
}

function headerOf(line: Line, index: number): Heading | null {
  const h = scan(line.text, line.num).headings[0];
  return h ? { ...h, index } : null;
}

export function openSpecView(s: Scanned): OpenSpecView {
  const malformed: MalformedHeader[] = [];
  const flag = (kind: MalformedHeader['kind'], l: Line) =>
    malformed.push({ kind, text: l.text.trim(), line: l.num, column: l.text.search(/\S/) + 1 });
  const src = s.lines;
  // One pass: OpenSpec's fence state, and the headers it sees, next to the scanner's.
  let lines = src;
  let marker = 0;
  let len = 0;
  const headings: Heading[] = [];
  let next = 0;
  for (let i = 0; i < src.length; i++) {
    let l = src[i]!;
    const t = l.text;
    const c = firstNonBlank(t);
    let fenced = len > 0;
    if (c === 96 /* ` */ || c === 126 /* ~ */) {
      const m = (len === 0 ? FENCE_OPEN : FENCE_CLOSE).exec(t);
      if (m && len === 0) {
        marker = c;
        len = m[1]!.length;
        fenced = true;
      } else if (m && m[1]!.charCodeAt(0) === marker && m[1]!.length >= len) len = 0;
    }
    if (fenced !== l.inFence) {
      if (lines === src) lines = src.slice();
      l = { ...l, inFence: fenced };
      lines[i] = l;
    }
    let md: Heading | undefined;
    if (next < s.headings.length && s.headings[next]!.index === i) md = s.headings[next++];
    if (c !== 35 /* # */ || t.charCodeAt(0) !== 35 || fenced) {
      if (md) flag('markdown-only', l);
      continue;
    }
    const h = md ?? headerOf(l, i);
    if (!h) {
      if (KEYWORD_NO_SPACE.test(t)) flag('missing-space', l);
      continue;
    }
    if (!md) flag('openspec-only', l);
    else if (SECTION_NAME.test(h.text) && /#[ \t]*$/.test(t)) flag('closing-hashes', l);
    headings.push(h);
  }
  // Most files read the same both ways; keep the scanner's own objects then.
  const same = lines === src && headings.length === s.headings.length;
  return { s: same ? s : { source: s.source, lines, headings }, malformed };
}
