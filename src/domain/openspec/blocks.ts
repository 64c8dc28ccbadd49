// Reading requirement blocks, bodies and scenarios out of a scanned file. Both the main-spec and
// the delta parser use these, so the two can never disagree on what a body or a scenario is.
import { blockEnd, type Heading, type Scanned } from '../markdown/index.js';
import type { RequirementBlock, ScenarioRef, Section } from './model.js';
import { scenarioName } from './names.js';

// `**ID**: x` lines are metadata; they only count as the body when nothing else is there.
const METADATA_LINE = /^\*\*[^*]+\*\*:/;

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Whether any line in [from, to) has text; fenced lines and sub-headers count. */
export function hasContent(s: Scanned, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlank(s.lines[i]!.text)) return true;
  return false;
}

/** The requirement body: non-blank, non-fenced lines after the header up to the first sub-header. */
export function readBody(s: Scanned, headingPos: number, end: number): { body: string; line: number | null } {
  const h = s.headings[headingPos]!;
  const next = s.headings[headingPos + 1];
  const stop = next && next.index < end ? next.index : end;
  const captured: string[] = [];
  const metadata: string[] = [];
  let line: number | null = null;
  let metaLine: number | null = null;
  for (let i = h.index + 1; i < stop; i++) {
    const l = s.lines[i]!;
    if (l.inFence) continue;
    const t = l.text.trim();
    if (t === '') continue;
    if (METADATA_LINE.test(t)) {
      metadata.push(t);
      metaLine ??= l.num;
      continue;
    }
    captured.push(t);
    line ??= l.num;
  }
  if (captured.length > 0) return { body: captured.join('\n'), line };
  return { body: metadata.join('\n'), line: metaLine };
}

/** Headings directly under `headings[pos]` (their nearest shallower ancestor is `pos`). */
export function childHeadings(s: Scanned, pos: number): number[] {
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

export function scenarioRef(s: Scanned, pos: number, bodyEnd: number): ScenarioRef {
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
export function blockScenarios(s: Scanned, headingPos: number, end: number): ScenarioRef[] {
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

export function readBlock(s: Scanned, headingPos: number, end: number, name: string): RequirementBlock {
  const h = s.headings[headingPos]!;
  let last = end - 1;
  while (last > h.index && isBlank(s.lines[last]!.text)) last--;
  const { body, line } = readBody(s, headingPos, end);
  const first = s.lines[h.index]!;
  return {
    name,
    line: h.line,
    column: h.column,
    body,
    bodyLine: line,
    scenarios: blockScenarios(s, headingPos, last + 1),
    raw: s.source.slice(first.start, s.lines[last]!.end),
    start: h.index,
    end: last + 1,
  };
}

/** A header with its trimmed text up to `end` (default: the next header of the same or a higher level). */
export function readSection(s: Scanned, pos: number, end = blockEnd(s, pos)): Section {
  const h = s.headings[pos]!;
  const parts: string[] = [];
  const prose: Section['prose'] = [];
  let textLine: number | null = null;
  for (let i = h.index + 1; i < end; i++) {
    const l = s.lines[i]!;
    if (textLine === null && !isBlank(l.text)) textLine = l.num;
    parts.push(l.text);
    if (!l.inFence) prose.push({ line: l.num, text: l.text });
  }
  const text = parts.join('\n').trim();
  return { title: h.text, level: h.level, line: h.line, column: h.column, text, textLine, prose };
}

/**
 * A header's title as OpenSpec matches section names: a closing `##` run is kept, so
 * `## Requirements ##` is not the Requirements section to OpenSpec (requirement names do drop it).
 */
export function sectionTitle(s: Scanned, h: Heading): string {
  const t = s.lines[h.index]!.text;
  if (t.charCodeAt(t.trimEnd().length - 1) !== 35 /* # */) return h.text;
  return t.replace(/^\s*#{1,6}[ \t]*/, '').trim();
}

/** The first heading whose section title equals `title` (case-insensitive), optionally at one level only. */
export function findHeading(s: Scanned, title: string, level?: number): number {
  const want = title.toLowerCase();
  return s.headings.findIndex(
    (h) => (level === undefined || h.level === level) && sectionTitle(s, h).toLowerCase() === want,
  );
}

/** Index of the next level-2 heading after `pos`, or the end of the file: how OpenSpec bounds a `##` section. */
export function nextLevel2(s: Scanned, pos: number): number {
  for (let k = pos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.level === 2) return h.index;
  }
  return s.lines.length;
}
