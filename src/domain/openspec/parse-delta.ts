// Reads a delta spec: the four `## <OP> Requirements` sections (matched case-insensitively, each
// may repeat), plus what the archive merge would silently skip, so rules can report it.
import { nextLevel2, readBlock, readSection, sectionTitle } from './blocks.js';
import type {
  DeltaOp,
  DeltaSection,
  DeltaSpec,
  NameRef,
  OrphanRequirement,
  Rename,
  RequirementBlock,
  SkippedHeader,
  UnpairedRename,
} from './model.js';
import { normalizeName, requirementName, stripBom } from './names.js';
import { isFenced, lineText, type SpecScan, scanSpec } from './scan-spec.js';

const SECTION_OPS: Record<string, DeltaOp> = {
  'added requirements': 'ADDED',
  'modified requirements': 'MODIFIED',
  'removed requirements': 'REMOVED',
  'renamed requirements': 'RENAMED',
};

// Raw-line forms OpenSpec accepts: a REMOVED name may be a bullet quoting the header, and rename
// lines may use any bullet marker or none.
const RAW_REQUIREMENT = /^###\s*Requirement:\s*(.+)$/i;
const REMOVED_BULLET = /^\s*[-*+]\s*`?###\s*Requirement:\s*(.+?)`?\s*$/;
const FROM_LINE = /^\s*[-*+]?\s*FROM:\s*`?###\s*Requirement:\s*(.+?)`?\s*$/;
const TO_LINE = /^\s*[-*+]?\s*TO:\s*`?###\s*Requirement:\s*(.+?)`?\s*$/;

function column(text: string): number {
  return text.search(/\S/) + 1;
}

interface Acc {
  sections: DeltaSection[];
  firstTitle: Map<DeltaOp, string>;
  added: RequirementBlock[];
  modified: RequirementBlock[];
  removed: NameRef[];
  renamed: Rename[];
  unpaired: UnpairedRename[];
  skipped: SkippedHeader[];
}

export function parseDeltaSpec(source: string, file: string): DeltaSpec {
  const s = scanSpec(stripBom(source));
  const acc: Acc = {
    sections: [],
    firstTitle: new Map(),
    added: [],
    modified: [],
    removed: [],
    renamed: [],
    unpaired: [],
    skipped: [],
  };
  let purposePos = -1;
  for (let k = 0; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.level !== 2) continue;
    const title = sectionTitle(s, h);
    if (purposePos < 0 && title.toLowerCase() === 'purpose') purposePos = k;
    const op = SECTION_OPS[title.toLowerCase()];
    if (!op) continue;
    acc.sections.push({ op, title, line: h.line, column: h.column });
    if (!acc.firstTitle.has(op)) acc.firstTitle.set(op, title);
    const end = nextLevel2(s, k);
    if (op === 'ADDED' || op === 'MODIFIED') readRequirementSection(s, k, end, op, acc);
    else if (op === 'REMOVED') readRemoved(s, h.index + 1, end, acc.removed);
    else readRenamed(s, h.index + 1, end, acc);
  }
  acc.unpaired.sort((a, b) => a.line - b.line);
  acc.skipped.sort((a, b) => a.line - b.line);
  return {
    file,
    purpose: purposePos >= 0 ? readSection(s, purposePos, nextLevel2(s, purposePos)) : null,
    sections: acc.sections,
    added: acc.added,
    modified: acc.modified,
    removed: acc.removed,
    renamed: acc.renamed,
    unpairedRenames: acc.unpaired,
    orphans: findOrphans(s),
    skippedHeaders: acc.skipped,
    malformed: s.malformed,
  };
}

function readRequirementSection(s: SpecScan, pos: number, end: number, op: DeltaOp, acc: Acc): void {
  const heads: { pos: number; name: string }[] = [];
  const section = acc.firstTitle.get(op)!;
  for (let k = pos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.index >= end) break;
    if (h.level !== 3) continue;
    const name = requirementName(h.text);
    if (name === null) acc.skipped.push({ header: h.text, section, line: h.line, column: h.column });
    else heads.push({ pos: k, name });
  }
  const into = op === 'ADDED' ? acc.added : acc.modified;
  heads.forEach((r, i) => {
    const next = heads[i + 1];
    into.push(readBlock(s, r.pos, next ? s.headings[next.pos]!.index : end, r.name));
  });
}

function readRemoved(s: SpecScan, from: number, to: number, out: NameRef[]): void {
  for (let i = from; i < to; i++) {
    if (isFenced(s, i)) continue;
    const t = lineText(s, i);
    const m = RAW_REQUIREMENT.exec(t) ?? REMOVED_BULLET.exec(t);
    if (m) out.push({ name: normalizeName(m[1]!), line: i + 1, column: column(t) });
  }
}

/** A FROM: pairs with the next TO: and nothing else; every other arrangement is reported. */
function readRenamed(s: SpecScan, from: number, to: number, acc: Acc): void {
  let pending: { name: string; line: number; column: number } | null = null;
  for (let i = from; i < to; i++) {
    if (isFenced(s, i)) continue;
    const text = lineText(s, i);
    const f = FROM_LINE.exec(text);
    if (f) {
      if (pending) acc.unpaired.push({ side: 'FROM', ...pending });
      pending = { name: normalizeName(f[1]!), line: i + 1, column: column(text) };
      continue;
    }
    const t = TO_LINE.exec(text);
    if (!t) continue;
    const name = normalizeName(t[1]!);
    if (!pending) {
      acc.unpaired.push({ side: 'TO', name, line: i + 1, column: column(text) });
      continue;
    }
    const { line, column: col } = pending;
    acc.renamed.push({
      from: pending.name,
      to: name,
      line,
      column: col,
      toLine: i + 1,
      toColumn: column(text),
    });
    pending = null;
  }
  if (pending) acc.unpaired.push({ side: 'FROM', ...pending });
}

function findOrphans(s: SpecScan): OrphanRequirement[] {
  const out: OrphanRequirement[] = [];
  let section: string | null = null;
  for (const h of s.headings) {
    if (h.level === 2) {
      section = sectionTitle(s, h);
      continue;
    }
    if (section !== null && SECTION_OPS[section.toLowerCase()]) continue;
    const name = h.level === 3 ? requirementName(h.text) : null;
    if (name !== null) out.push({ name, section, line: h.line, column: h.column });
  }
  return out;
}
