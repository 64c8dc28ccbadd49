// Reading requirement blocks, bodies and scenarios out of a scanned file. Both the main-spec and
// the delta parser use these, so the two can never disagree on what a body or a scenario is.
import type { Heading } from '../markdown/index.js';
import type { RequirementBlock, ScenarioRef, Section } from './model.js';
import { scenarioName } from './names.js';
import { blockEnd, isBlankLine, isFenced, lineEnd, lineStart, lineText, type SpecScan } from './scan-spec.js';

// `**ID**: x` lines are metadata; they only count as the body when nothing else is there.
const METADATA_LINE = /^\*\*[^*]+\*\*:/;

/** Whether any line in [from, to) has text; fenced lines and sub-headers count. */
export function hasContent(s: SpecScan, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlankLine(s, i)) return true;
  return false;
}

/** The requirement body: non-blank, non-fenced lines after the header up to the first sub-header. */
export function readBody(
  s: SpecScan,
  headingPos: number,
  end: number,
): { body: string; line: number | null } {
  const h = s.headings[headingPos]!;
  const next = s.headings[headingPos + 1];
  const stop = next && next.index < end ? next.index : end;
  let body: string | null = null;
  let line: number | null = null;
  let metadata: string | null = null;
  let metaLine: number | null = null;
  for (let i = h.index + 1; i < stop; i++) {
    if (isFenced(s, i) || isBlankLine(s, i)) continue;
    const t = lineText(s, i).trim();
    if (METADATA_LINE.test(t)) {
      metadata = metadata === null ? t : `${metadata}\n${t}`;
      metaLine ??= i + 1;
      continue;
    }
    body = body === null ? t : `${body}\n${t}`;
    line ??= i + 1;
  }
  if (body !== null) return { body, line };
  return { body: metadata ?? '', line: metaLine };
}

/** Headings directly under `headings[pos]` (their nearest shallower ancestor is `pos`). */
export function childHeadings(s: SpecScan, pos: number): number[] {
  const end = blockEnd(s, pos);
  const out: number[] = [];
  const stack: number[] = [];
  for (let k = pos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.index >= end) break;
    while (stack.length > 0 && stack[stack.length - 1]! >= h.level) stack.pop();
    if (stack.length === 0) out.push(k);
    stack.push(h.level);
  }
  return out;
}

export function scenarioRef(s: SpecScan, pos: number, bodyEnd: number): ScenarioRef {
  const h = s.headings[pos]!;
  return {
    name: scenarioName(h.text),
    line: h.line,
    column: h.column,
    hasBody: hasContent(s, h.index + 1, bodyEnd),
  };
}

/**
 * Every level-4 header inside [headingPos, end) is a scenario, whatever its title; its body runs
 * to the next header of level 4 or above.
 */
export function blockScenarios(s: SpecScan, headingPos: number, end: number): ScenarioRef[] {
  const out: ScenarioRef[] = [];
  for (let k = headingPos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.index >= end) break;
    if (h.level !== 4) continue;
    let bodyEnd = end;
    for (let j = k + 1; j < s.headings.length; j++) {
      const o = s.headings[j]!;
      if (o.index >= end) break;
      if (o.level <= 4) {
        bodyEnd = o.index;
        break;
      }
    }
    out.push(scenarioRef(s, k, bodyEnd));
  }
  return out;
}

export function readBlock(s: SpecScan, headingPos: number, end: number, name: string): RequirementBlock {
  const h = s.headings[headingPos]!;
  let last = end - 1;
  while (last > h.index && isBlankLine(s, last)) last--;
  const { body, line } = readBody(s, headingPos, end);
  return {
    name,
    line: h.line,
    column: h.column,
    body,
    bodyLine: line,
    scenarios: blockScenarios(s, headingPos, last + 1),
    raw: s.source.slice(lineStart(s, h.index), lineEnd(s, last)),
    start: h.index,
    end: last + 1,
  };
}

/** A header with its trimmed text up to `end` (default: the next header of the same or a higher level). */
export function readSection(s: SpecScan, pos: number, end = blockEnd(s, pos)): Section {
  const h = s.headings[pos]!;
  const parts: string[] = [];
  const prose: Section['prose'] = [];
  let textLine: number | null = null;
  for (let i = h.index + 1; i < end; i++) {
    const t = lineText(s, i);
    if (textLine === null && !isBlankLine(s, i)) textLine = i + 1;
    parts.push(t);
    if (!isFenced(s, i)) prose.push({ line: i + 1, text: t });
  }
  const text = parts.join('\n').trim();
  return { title: h.text, level: h.level, line: h.line, column: h.column, text, textLine, prose };
}

/**
 * A header's title as OpenSpec matches section names: a closing `##` run is kept, so
 * `## Requirements ##` is not the Requirements section to OpenSpec (requirement names do drop it).
 */
export function sectionTitle(s: SpecScan, h: Heading): string {
  // Looked up for every header: decide from the last character without slicing the line.
  const src = s.source;
  const from = lineStart(s, h.index);
  let e = lineEnd(s, h.index);
  while (e > from && (src.charCodeAt(e - 1) === 32 || src.charCodeAt(e - 1) === 9)) e--;
  const last = e > from ? src.charCodeAt(e - 1) : -1;
  if (last > 32 && last < 127 && last !== 35 /* # */) return h.text;
  const t = lineText(s, h.index);
  if (t.charCodeAt(t.trimEnd().length - 1) !== 35) return h.text;
  return t.replace(/^\s*#{1,6}[ \t]*/, '').trim();
}

/** Whether a header's section title is `want` (lower case), ignoring case. */
export function titleIs(s: SpecScan, h: Heading, want: string): boolean {
  const t = sectionTitle(s, h);
  return t.length === want.length && t.toLowerCase() === want;
}

/** The first heading whose section title equals `title` (case-insensitive), optionally at one level only. */
export function findHeading(s: SpecScan, title: string, level?: number): number {
  const want = title.toLowerCase();
  return s.headings.findIndex((h) => (level === undefined || h.level === level) && titleIs(s, h, want));
}

/** Index of the next level-2 heading after `pos`, or the end of the file: how OpenSpec bounds a `##` section. */
export function nextLevel2(s: SpecScan, pos: number): number {
  for (let k = pos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.level === 2) return h.index;
  }
  return s.count;
}
