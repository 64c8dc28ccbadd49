import {
  blockEnd,
  boldLabel,
  firstNonBlank,
  isBlankLine,
  lineInFence,
  lineNum,
  lineText,
  listIndent,
  type Scanned,
} from '../markdown/index.js';
import type {
  Ref,
  Requirement,
  RequirementDetail,
  RequirementRole,
  Scenario,
  Step,
  StepKeyword,
} from './model.js';

const REQ_HEADING = /^Requirement\s*:\s*(.*)$/i;
const OVERRIDE_HEADING = /^Overrides?\s*:\s*(.*)$/i;
const SCENARIO_HEADING = /^Scenario\s*:\s*(.*)$/i;
const BOLD_STEP =
  /^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(\*\*|__)(given|when|then|and|but)\s*:?\s*\1\s*:?\s*(.*)$/i;
const BARE_STEP = /^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(GIVEN|WHEN|THEN|AND|BUT)\b\s*:?\s*(.*)$/;
// Global: one instance scans every line (lastIndex is reset before each use).
const INLINE_STEP = /\s*,?\s*(?:\*\*|__)(when|then|and|but)(?:\*\*|__)\s*:?\s*/gi;
const ID_COMMENT = /<!--\s*(?:id\s*:\s*)?([A-Za-z][A-Za-z0-9]*-\d{3,})\s*-->/;
const HR = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$/;
const NORMATIVE = /\b(?:SHALL|MUST)\b/;
/** Labels the parser reads itself; any other `**Label:**` opens a detail block. */
const KNOWN_LABELS = new Set(['id', 'depends on', 'depends-on', 'blocked by', 'replaces', 'overrides']);
/** A list item, a table row or an indented line: what a label's block holds below it. */
const BLOCK_LINE = /^(?:\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|\s*\||\s+\S)/;
const INDENTED = /^\s+\S/;
const LEADING_BLANK = /^\s/;

export interface RequirementHeading {
  name: string;
  override: boolean;
}

export function requirementHeading(text: string): RequirementHeading | null {
  let m = REQ_HEADING.exec(text);
  if (m) return { name: m[1]!.trim(), override: false };
  m = OVERRIDE_HEADING.exec(text);
  if (m) return { name: m[1]!.trim(), override: true };
  return null;
}

function stripInline(s: string): string {
  if (!s.includes('[') && !s.includes('`')) return s.trim();
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}

/** `Monitoring (from SPEC-0001)` → name and source spec. */
export function parseReplaces(value: string): { name: string; from: string | null } {
  const v = stripInline(value);
  const m = /^(.*?)\s*\((?:from|in)\s+([A-Za-z]+-\d{4,}(?:-EXT-\d{4,})?)\)\s*$/i.exec(v);
  if (m) return { name: m[1]!.trim(), from: m[2]! };
  return { name: v, from: null };
}

export function splitRefs(value: string): string[] {
  return stripInline(value)
    .split(/\s*[,;]\s*/)
    .map((s) => s.replace(/^#\s*/, '').trim())
    .filter((s) => s && !/^(none|n\/a|-)$/i.test(s));
}

type ParsedStep = { keyword: StepKeyword; text: string; col: number };

const isSpaceOrTab = (c: number) => c === 32 || c === 9;
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;

/** The step keyword spelled at `t[from, to)` in any case, or null. */
function keywordAt(t: string, from: number, to: number): StepKeyword | null {
  const n = to - from;
  if (n < 3 || n > 5) return null;
  for (const kw of n === 5 ? FIVE : n === 4 ? FOUR : THREE) {
    let k = 0;
    // ASCII letters only: `| 32` lower-cases them, and the keywords hold nothing else.
    while (k < n && (t.charCodeAt(from + k) | 32) === kw.lower.charCodeAt(k)) k++;
    if (k === n) return kw.keyword;
  }
  return null;
}
const FIVE = [{ lower: 'given', keyword: 'GIVEN' as const }];
const FOUR = [
  { lower: 'when', keyword: 'WHEN' as const },
  { lower: 'then', keyword: 'THEN' as const },
];
const THREE = [
  { lower: 'and', keyword: 'AND' as const },
  { lower: 'but', keyword: 'BUT' as const },
];

/**
 * `- **GIVEN** text`, the way nearly every step line is written, read without the patterns' match
 * arrays: a step line per scenario line made them a good share of what a parse allocated. Returns
 * undefined for anything else (another list marker, a quote, `__`, a colon inside the bold, a second
 * bold marker, other whitespace before the text, a line ending character), which the patterns read.
 */
function plainBoldStep(t: string): ParsedStep | undefined {
  const n = t.length;
  let p = 0;
  while (p < n && isSpaceOrTab(t.charCodeAt(p))) p++;
  const c = t.charCodeAt(p);
  if ((c === 45 /* - */ || c === 43 /* + */ || c === 42) /* * */ && isSpaceOrTab(t.charCodeAt(p + 1))) {
    p++;
    while (p < n && isSpaceOrTab(t.charCodeAt(p))) p++;
  }
  if (t.charCodeAt(p) !== 42 || t.charCodeAt(p + 1) !== 42) return undefined;
  const open = p;
  const word = p + 2;
  let e = word;
  while (e < n && e - word <= 5 && isLetter(t.charCodeAt(e))) e++;
  const keyword = keywordAt(t, word, e);
  if (!keyword || t.charCodeAt(e) !== 42 || t.charCodeAt(e + 1) !== 42) return undefined;
  p = e + 2;
  while (p < n && isSpaceOrTab(t.charCodeAt(p))) p++;
  if (t.charCodeAt(p) === 58 /* : */) {
    p++;
    while (p < n && isSpaceOrTab(t.charCodeAt(p))) p++;
  }
  // The patterns skip any whitespace before the text (and a colon after it), not only blanks.
  const first = t.charCodeAt(p);
  if (first > 127 || (first >= 10 && first <= 13)) return undefined;
  for (let i = p; i < n; i++) {
    const ch = t.charCodeAt(i);
    // A line ending character `.` does not match, or a second bold marker (an inline step).
    if (ch === 13 || ch === 0x2028 || ch === 0x2029) return undefined;
    if ((ch === 42 || ch === 95) && t.charCodeAt(i + 1) === ch) return undefined;
  }
  return { keyword, text: p === n ? '' : t.slice(p).trim(), col: open + 1 };
}

/** The steps a scenario line holds, or null when it is no step line. */
export function parseStepLine(text: string): ParsedStep[] | null {
  const plain = plainBoldStep(text);
  if (plain) return [plain];
  return parseStepLineByPattern(text);
}

/** parseStepLine by the patterns alone (exported for the test that compares both ways). */
export function parseStepLineByPattern(text: string): ParsedStep[] | null {
  let m = BOLD_STEP.exec(text);
  if (m) {
    const first = m[2]!.toUpperCase() as StepKeyword;
    const rest = m[3]!;
    const restStart = text.length - rest.length;
    // Spec Kit writes a whole scenario on one line: **Given** a, **When** b, **Then** c
    const steps = [{ keyword: first, text: '', col: text.indexOf(m[1]!) + 1 }];
    const inline = INLINE_STEP;
    inline.lastIndex = 0;
    let from = 0;
    // Without a second bold marker there is no inline step to look for.
    const more = rest.includes('**') || rest.includes('__');
    for (let im = more ? inline.exec(rest) : null; im; im = inline.exec(rest)) {
      if (im[0].length === 0) break;
      steps.at(-1)!.text = rest.slice(from, im.index).trim();
      // Each inline step points at its own bold keyword, not at the start of the line's text.
      const marker = /\*\*|__/.exec(im[0])!;
      steps.push({
        keyword: im[1]!.toUpperCase() as StepKeyword,
        text: '',
        col: restStart + im.index + marker.index + 1,
      });
      from = im.index + im[0].length;
    }
    steps.at(-1)!.text = rest.slice(from).trim();
    return steps;
  }
  m = BARE_STEP.exec(text);
  if (m) return [{ keyword: m[1] as StepKeyword, text: m[2]!.trim(), col: text.indexOf(m[1]!) + 1 }];
  return null;
}

export function parseScenario(s: Scanned, headingPos: number, end: number, name: string): Scenario {
  const h = s.headings[headingPos]!;
  const steps: Step[] = [];
  let stepIndent = -1;
  for (let i = h.index + 1; i < end; i++) {
    if (lineInFence(s, i)) continue;
    const t = lineText(s, i);
    if (isBlankLine(t)) continue;
    const parsed = parseStepLine(t);
    if (parsed) {
      const num = lineNum(s, i);
      for (const p of parsed) steps.push({ keyword: p.keyword, text: p.text, line: num, column: p.col });
      stepIndent = Math.max(0, listIndent(t));
      continue;
    }
    // Continuation of the previous step: a nested list or a wrapped line.
    const last = steps.at(-1);
    if (last && (listIndent(t) > stepIndent || INDENTED.test(t))) {
      last.text += `\n${t.trim()}`;
    }
  }
  return { name, line: h.line, column: h.column, steps, start: h.index, end };
}

/**
 * Parses the requirement whose heading is `s.headings[headingPos]`. The block ends at the next
 * heading of level ≤ the requirement's level, or at `limit`.
 */
export function parseRequirement(
  s: Scanned,
  headingPos: number,
  limit: number,
  role: RequirementRole,
  head: RequirementHeading,
): Requirement {
  const h = s.headings[headingPos]!;
  const end = blockEnd(s, headingPos, limit);
  const scenarios: Scenario[] = [];
  for (let k = headingPos + 1; k < s.headings.length; k++) {
    const sh = s.headings[k]!;
    if (sh.index >= end) break;
    const m = sh.level > h.level ? SCENARIO_HEADING.exec(sh.text) : null;
    if (!m) continue;
    scenarios.push(parseScenario(s, k, blockEnd(s, k, end), m[1]!.trim()));
  }
  // Any sub-heading ends the preamble, scenario or not.
  const next = s.headings[headingPos + 1];
  const preambleEnd = next && next.index < end ? next.index : end;

  let localId: string | null = null;
  let idPos: Requirement['idPos'] = null;
  const dependsOn: Ref[] = [];
  let replaces: Requirement['replaces'] = null;
  let statement = '';
  let statementPos: Requirement['statementPos'] = null;
  let collecting = false;
  // The detail block being read: where its label is, whether the label line had a value, and its
  // last line with text (trailing blank lines are not part of it).
  const details: RequirementDetail[] = [];
  let open: {
    label: string;
    line: number;
    column: number;
    from: number;
    last: number;
    valued: boolean;
  } | null = null;
  const close = () => {
    if (open && (open.valued || open.last > open.from)) {
      const texts: string[] = [];
      for (let i = open.from; i <= open.last; i++) texts.push(lineText(s, i));
      const text = texts.join('\n');
      details.push({ label: open.label, line: open.line, column: open.column, text });
    }
    open = null;
  };
  for (let i = h.index + 1; i < preambleEnd; i++) {
    const t = lineText(s, i);
    const num = lineNum(s, i);
    if (lineInFence(s, i)) {
      if (collecting) collecting = false;
      if (open) open.last = i;
      continue;
    }
    if (isBlankLine(t)) {
      if (collecting && statement) collecting = false;
      continue;
    }
    const idc = t.includes('<!--') ? ID_COMMENT.exec(t) : null;
    if (idc && !localId) {
      localId = idc[1]!;
      idPos = { line: num, column: t.indexOf(idc[1]!) + 1 };
      continue;
    }
    const label = boldLabel(t);
    const key = label?.label.toLowerCase();
    const top = listIndent(t) < 0 && !LEADING_BLANK.test(t);
    if (label && key && !KNOWN_LABELS.has(key) && open && !top) {
      // `- **timeout:** 30 s` under `**Configuration:**` is part of it, not a block of its own.
      open.last = i;
      continue;
    }
    if (label && key) {
      collecting = false;
      close();
      const valueCol = t.lastIndexOf(label.value) + 1;
      if (key === 'id' && !localId) {
        localId = stripInline(label.value);
        idPos = { line: num, column: valueCol };
      } else if (key === 'depends on' || key === 'depends-on' || key === 'blocked by') {
        // Search after the label and after the previous ref, so `**Depends on:** on` points at the value.
        let cursor = valueCol - 1;
        for (const ref of splitRefs(label.value)) {
          const at = t.indexOf(ref, cursor);
          dependsOn.push({ ref, line: num, column: at >= 0 ? at + 1 : valueCol });
          if (at >= 0) cursor = at + ref.length;
        }
      } else if (key === 'replaces' || key === 'overrides') {
        const r = parseReplaces(label.value);
        replaces = { ref: r.name, from: r.from, line: num, column: valueCol };
      } else if (!KNOWN_LABELS.has(key)) {
        open = {
          label: label.label,
          line: num,
          column: firstNonBlank(t) + 1,
          from: i,
          last: i,
          valued: label.value !== '',
        };
      }
      continue;
    }
    if (HR.test(t)) {
      close();
      continue;
    }
    if (open) {
      // Before the statement, a plain paragraph after a label is the statement (`**New requirement:**`
      // then the text), unless it continues the label's own line or is a list or a table under it.
      const continues = open.valued && open.last === i - 1 && (!!statement || !NORMATIVE.test(t));
      if (statement || continues || BLOCK_LINE.test(t)) {
        open.last = i;
        continue;
      }
      close();
    }
    if (!statement) {
      statement = t.trim();
      statementPos = { line: num, column: firstNonBlank(t) + 1 };
      collecting = true;
    } else if (collecting) {
      statement += ` ${t.trim()}`;
    }
  }
  close();
  if (head.override && !replaces) {
    replaces = { ref: head.name, from: null, line: h.line, column: h.column };
  }
  return {
    name: head.name,
    line: h.line,
    column: h.column,
    localId,
    idPos,
    statement,
    statementPos,
    scenarios,
    dependsOn,
    replaces,
    role,
    details,
    start: h.index,
    end,
    preambleEnd,
  };
}
