// tasks.md: checkbox counting and the two lints OpenSpec runs on it. Counting is literal (a
// checkbox inside a fence still counts) because a dropped task is the silent failure; the
// "no checkbox" scan looks at rendered content only, because it can only ever silence a warning.
import type { Finding } from '../findings/index.js';
import { type Line, splitLines } from '../markdown/index.js';
import { finding } from './rules.js';

// One marker character at most, and `](` / `][` excluded so link bullets are not tasks.
const TASK_LINE = /^\s*(?:[-*+]|\d{1,9}[.)])\s*\[(?:\s*([^\]\s]?)\s*\](?![([])|\s+\])\s*(.*)/;
const LEVEL_TWO = /^ {0,3}##(?!#)(?:[ \t]+|[ \t]*$)/;
const NUMBERED_GROUP = /^ {0,3}##[ \t]+(\d+)\.(?:[ \t]|$)/;
const TASK_ID = /^(\d+(?:\.\d+)+(?:[A-Za-z]+)?)(?=\s|$)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)/;
const FRONT_MATTER = /^-{3}\s*$/;

export interface TaskLine {
  line: number;
  done: boolean;
  description: string;
}

export function parseTasks(source: string): TaskLine[] {
  return tasksOf(splitLines(source));
}

function tasksOf(lines: Line[]): TaskLine[] {
  const out: TaskLine[] = [];
  for (const l of lines) {
    const m = TASK_LINE.exec(l.text);
    if (m) out.push({ line: l.num, done: (m[1] ?? '').toLowerCase() === 'x', description: m[2]!.trim() });
  }
  return out;
}

export function checkTasks(source: string, file: string, numbering: boolean): Finding[] {
  const lines = splitLines(source);
  const tasks = tasksOf(lines);
  const out: Finding[] = [];
  if (tasks.length === 0) {
    const line = firstListItemLine(lines);
    if (line !== null) {
      out.push(
        finding(
          'openspec/tasks-no-checkboxes',
          'This change counts as 0 tasks: no line in tasks.md is a checkbox, so list, status and archive see no work',
          file,
          { line, column: 1 },
        ),
      );
    }
  }
  if (numbering) out.push(...numberingFindings(lines, file));
  return out;
}

function numberingFindings(lines: Line[], file: string): Finding[] {
  if (!lines.some((l) => NUMBERED_GROUP.test(l.text))) return [];
  const out: Finding[] = [];
  const first = new Map<string, number>();
  let group: string | undefined;
  for (const l of lines) {
    if (LEVEL_TWO.test(l.text)) group = NUMBERED_GROUP.exec(l.text)?.[1];
    if (group === undefined) continue;
    const m = TASK_LINE.exec(l.text);
    const id = m ? TASK_ID.exec(m[2]!.trim())?.[1] : undefined;
    if (!id) continue;
    const pos = { line: l.num, column: l.text.indexOf(id) + 1 };
    const taskGroup = id.split('.')[0]!;
    if (taskGroup.replace(/^0+(?=\d)/, '') !== group.replace(/^0+(?=\d)/, '')) {
      out.push(
        finding(
          'openspec/task-numbering',
          `Task "${id}" is under group ${group}, but its number points to group ${taskGroup}`,
          file,
          pos,
        ),
      );
    }
    const seen = first.get(id);
    if (seen !== undefined) {
      out.push(
        finding(
          'openspec/task-duplicate',
          `Task ID "${id}" is duplicated; it was first declared on line ${seen}`,
          file,
          pos,
          {
            related: [{ file, line: seen, message: 'first declared here' }],
          },
        ),
      );
    } else first.set(id, l.num);
  }
  return out;
}

function indentColumns(text: string): number {
  let col = 0;
  for (const ch of text) {
    if (ch === ' ') col += 1;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** The first list item a reader would see: front matter, fences, comments and indented code skipped. */
function firstListItemLine(lines: Line[]): number | null {
  let i = 0;
  if (lines.length > 0 && FRONT_MATTER.test(lines[0]!.text.replace(/^\uFEFF/, '').trimEnd())) {
    const close = lines.findIndex((l, k) => k > 0 && FRONT_MATTER.test(l.text.trimEnd()));
    if (close > 0) i = close + 1;
  }
  let fence: { marker: string; len: number } | null = null;
  let inComment = false;
  for (; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (inComment) {
      if (t.includes('-->')) inComment = false;
      continue;
    }
    const f = FENCE.exec(t);
    if (f) {
      const marker = f[1]![0]!;
      if (!fence) fence = { marker, len: f[1]!.length };
      else if (marker === fence.marker && f[1]!.length >= fence.len && f[2]!.trim() === '') fence = null;
      continue;
    }
    if (fence) continue;
    if (t.trimStart().startsWith('<!--')) {
      if (!t.includes('-->', t.indexOf('<!--') + 4)) inComment = true;
      continue;
    }
    if (LIST_ITEM.test(t) && indentColumns(t) < 4) return lines[i]!.num;
  }
  return null;
}
