import { PtError } from '../../base/index.js';
import { scan } from '../markdown/index.js';
import { ROLES, type Role, type Target } from './model.js';
import { buildTarget } from './target.js';

export const RUNBOOK_STATUSES = ['PROPOSED', 'ACCEPTED'] as const;
export type RunbookStatus = (typeof RUNBOOK_STATUSES)[number];

/** Sections the panel writes; rules never read them, and review replaces them whole. */
export const FINDINGS_TITLE = /^panel (review )?findings$/i;
export const ACCEPTANCE_TITLE = /^acceptance$/i;
// The rule list `runbook new` writes names the rules' titles: it must not satisfy them.
const HIDDEN = /^(panel (review )?findings|acceptance|governance rules)$/i;

export interface ChecklistItem {
  role: Role;
  ticked: boolean;
  /** Offset of the character between the brackets. */
  box: number;
  line: number;
}

interface Range {
  start: number;
  end: number;
}

export interface Runbook {
  file: string;
  source: string;
  eol: string;
  id: string;
  title: string;
  status: RunbookStatus;
  /** Offsets of the status word. */
  statusRange: Range;
  statusLine: number;
  checklist: ChecklistItem[];
  findings: Range | null;
  acceptance: Range | null;
  target: Target;
}

function invalid(file: string, line: number, column: number, message: string, hint: string): PtError {
  return new PtError('runbook/invalid', `${file}: ${message}`, {
    hint,
    location: { file, line, column },
    exit: 1,
  });
}

const STATUS_LINE = /^\s*(?:[*_]{2})?Status(?:[*_]{2})?\s*:\s*(?:[*_]{2})?\s*([A-Za-z_-]+)/;
const BOX = /^\s*[-*+]\s+\[([ xX])\]\s+@(\w+)\b/;

/** Reads a runbook; anything that would make review or accept guess is a runbook/invalid error at its line. */
export function parseRunbook(source: string, file: string): Runbook {
  const s = scan(source);
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const fixHint = 'Restore the line as "papertrail runbook new" wrote it, then run the command again.';
  const h1 = s.headings.find((h) => h.level === 1);
  const m = h1 ? /^(.+?):\s+(.+)$/.exec(h1.text) : null;
  if (!h1 || !m)
    throw invalid(file, h1?.line ?? 1, 1, 'the runbook has no "# STORY-ID: Title" heading', fixHint);
  const sections = s.headings
    .map((h, k) => ({ h, k }))
    .filter(({ h }) => h.level === 2)
    .map(({ h }, i, all) => ({
      title: h.text,
      index: h.index,
      line: h.line,
      start: s.lines[h.index]!.start,
      end: i + 1 < all.length ? s.lines[all[i + 1]!.h.index]!.start : source.length,
      endIndex: i + 1 < all.length ? all[i + 1]!.h.index : s.lines.length,
    }));
  const hiddenStart = new Set(
    sections
      .filter((x) => FINDINGS_TITLE.test(x.title) || ACCEPTANCE_TITLE.test(x.title))
      .map((x) => x.index),
  );
  const inHidden = (i: number) =>
    sections.some((x) => hiddenStart.has(x.index) && i >= x.index && i < x.endIndex);

  // Status: the "Status: PROPOSED" line `runbook new` writes, or agentic-dev's later "## State" section.
  let status: { word: string; start: number; line: number; column: number } | null = null;
  for (const l of s.lines) {
    if (l.inFence || inHidden(l.num - 1)) continue;
    const sm = STATUS_LINE.exec(l.text);
    if (sm) {
      const col = l.text.indexOf(sm[1]!, sm[0].length - sm[1]!.length);
      status = { word: sm[1]!, start: l.start + col, line: l.num, column: col + 1 };
      break;
    }
  }
  if (!status) {
    const state = sections.find((x) => /^state$/i.test(x.title));
    if (state) {
      for (let i = state.index + 1; i < state.endIndex; i++) {
        const l = s.lines[i]!;
        const w = /^\s*([A-Za-z_-]+)\s*$/.exec(l.text);
        if (w) {
          const col = l.text.indexOf(w[1]!);
          status = { word: w[1]!, start: l.start + col, line: l.num, column: col + 1 };
          break;
        }
      }
    }
  }
  if (!status) throw invalid(file, h1.line + 1, 1, 'the runbook has no "Status: PROPOSED" line', fixHint);
  if (!(RUNBOOK_STATUSES as readonly string[]).includes(status.word))
    throw invalid(
      file,
      status.line,
      status.column,
      `status "${status.word}" is not one of ${RUNBOOK_STATUSES.join(', ')}`,
      'Write "Status: PROPOSED"; only "papertrail runbook accept" sets ACCEPTED.',
    );

  const cl = sections.find((x) => /^compliance checklist$/i.test(x.title));
  if (!cl) throw invalid(file, 1, 1, 'the runbook has no "## Compliance Checklist" section', fixHint);
  const checklist: ChecklistItem[] = [];
  for (let i = cl.index + 1; i < cl.endIndex; i++) {
    const l = s.lines[i]!;
    const b = BOX.exec(l.text);
    if (!b) continue;
    const role = ROLES.find((r) => r.toLowerCase() === b[2]!.toLowerCase());
    const col = l.text.indexOf('[') + 2;
    if (!role)
      throw invalid(
        file,
        l.num,
        col,
        `"@${b[2]}" is not a panel role (${ROLES.map((r) => `@${r}`).join(', ')})`,
        fixHint,
      );
    if (checklist.some((c) => c.role === role))
      throw invalid(
        file,
        l.num,
        col,
        `@${role} appears twice in the Compliance Checklist`,
        'Keep one line per role.',
      );
    checklist.push({ role, ticked: b[1] !== ' ', box: l.start + col - 1, line: l.num });
  }
  const missing = ROLES.filter((r) => !checklist.some((c) => c.role === r));
  if (missing.length)
    throw invalid(
      file,
      cl.line,
      1,
      `the Compliance Checklist has no line for ${missing.map((r) => `@${r}`).join(', ')}`,
      `Add "- [ ] @${missing[0]} approved?" under ## Compliance Checklist.`,
    );

  const one = (re: RegExp, what: string): Range | null => {
    const hits = sections.filter((x) => re.test(x.title));
    if (hits.length > 1)
      throw invalid(
        file,
        hits[1]!.line,
        1,
        `"## ${what}" appears twice`,
        'Delete one of them; review rewrites it.',
      );
    return hits[0] ? { start: hits[0].start, end: hits[0].end } : null;
  };
  return {
    file,
    source,
    eol,
    id: m[1]!.trim(),
    title: m[2]!.trim(),
    status: status.word as RunbookStatus,
    statusRange: { start: status.start, end: status.start + status.word.length },
    statusLine: status.line,
    checklist,
    findings: one(FINDINGS_TITLE, 'Panel Findings'),
    acceptance: one(ACCEPTANCE_TITLE, 'Acceptance'),
    target: buildTarget('runbook', file, source, HIDDEN),
  };
}

// Edits are splices: every byte outside the changed spans stays as the team left it.

interface Edit {
  start: number;
  end: number;
  text: string;
}

function apply(source: string, edits: Edit[]): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** A section's text ending with exactly one blank line before whatever follows it. */
function block(rb: Runbook, markdown: string, atEnd: boolean): string {
  const body = markdown.replace(/\r?\n/g, rb.eol).replace(/(\r?\n)+$/, '');
  return atEnd ? `${body}${rb.eol}` : `${body}${rb.eol}${rb.eol}`;
}

/** Sets each role's box, and writes (or replaces) the Panel Findings section. */
export function spliceReview(rb: Runbook, approved: Map<Role, boolean>, findingsMarkdown: string): string {
  const edits: Edit[] = rb.checklist
    .filter((c) => approved.has(c.role) && approved.get(c.role) !== c.ticked)
    .map((c) => ({ start: c.box, end: c.box + 1, text: approved.get(c.role) ? 'x' : ' ' }));
  if (rb.findings) {
    const atEnd = rb.findings.end === rb.source.length;
    edits.push({ start: rb.findings.start, end: rb.findings.end, text: block(rb, findingsMarkdown, atEnd) });
  } else if (rb.acceptance) {
    edits.push({
      start: rb.acceptance.start,
      end: rb.acceptance.start,
      text: block(rb, findingsMarkdown, false),
    });
  } else {
    const trimmed = rb.source.replace(/\s+$/, '');
    edits.push({
      start: trimmed.length,
      end: rb.source.length,
      text: `${rb.eol}${rb.eol}${block(rb, findingsMarkdown, true)}`,
    });
  }
  return apply(rb.source, edits);
}

/** Sets the status word and appends one entry to the Acceptance section (created when absent). */
export function spliceAccept(rb: Runbook, status: RunbookStatus, entry: string): string {
  const edits: Edit[] = [{ start: rb.statusRange.start, end: rb.statusRange.end, text: status }];
  const line = entry.replace(/\r?\n/g, rb.eol);
  if (rb.acceptance) {
    const text = rb.source.slice(rb.acceptance.start, rb.acceptance.end);
    const kept = text.replace(/\s+$/, '');
    const atEnd = rb.acceptance.end === rb.source.length;
    edits.push({
      start: rb.acceptance.start,
      end: rb.acceptance.end,
      text: `${kept}${rb.eol}${line}${rb.eol}${atEnd ? '' : rb.eol}`,
    });
  } else {
    const trimmed = rb.source.replace(/\s+$/, '');
    edits.push({
      start: trimmed.length,
      end: rb.source.length,
      text: `${rb.eol}${rb.eol}## Acceptance${rb.eol}${rb.eol}${line}${rb.eol}`,
    });
  }
  return apply(rb.source, edits);
}
