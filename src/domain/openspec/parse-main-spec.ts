// Reads a main spec the two ways OpenSpec does: the header tree (`show`, the scenario and
// non-empty checks) and the `### Requirement:` blocks of `## Requirements` (archive, keyword check).
import { blockEnd, type Scanned, scan } from '../markdown/index.js';
import {
  childHeadings,
  findHeading,
  nextLevel2,
  readBlock,
  readBody,
  readSection,
  scenarioRef,
} from './blocks.js';
import type {
  HeaderRef,
  OpenSpecSpec,
  RequirementBlock,
  SectionRequirement,
  StructureIssue,
} from './model.js';
import { normalizeName, requirementName, stripBom } from './names.js';

const DELTA_HEADER = /^(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements$/i;

export function parseOpenSpecSpec(source: string, file: string): OpenSpecSpec {
  const s = scan(stripBom(source));
  const titlePos = s.headings.findIndex((h) => h.level === 1);
  const purposePos = findHeading(s, 'Purpose');
  const reqPos = findHeading(s, 'Requirements');
  return {
    file,
    title: titlePos >= 0 ? s.headings[titlePos]!.text : null,
    purpose: purposePos >= 0 ? readSection(s, purposePos) : null,
    requirementsSection: reqPos >= 0 ? headerRef(s, reqPos) : null,
    requirements: reqPos >= 0 ? sectionRequirements(s, reqPos) : [],
    blocks: requirementBlocks(s),
    structure: structureIssues(s),
  };
}

function headerRef(s: Scanned, pos: number): HeaderRef {
  const h = s.headings[pos]!;
  return { title: h.text, level: h.level, line: h.line, column: h.column };
}

function sectionRequirements(s: Scanned, reqPos: number): SectionRequirement[] {
  return childHeadings(s, reqPos).map((k) => {
    const h = s.headings[k]!;
    const name = h.level === 3 ? requirementName(h.text) : null;
    const { body } = readBody(s, k, blockEnd(s, k));
    const scenarios = childHeadings(s, k).map((c) => scenarioRef(s, c, blockEnd(s, c)));
    return {
      name: name ?? h.text,
      canonical: name !== null,
      text: body || h.text,
      line: h.line,
      column: h.column,
      scenarios,
    };
  });
}

/** The `## Requirements` section's line range, as archive bounds it: to the next `##` header. */
function requirementsRange(s: Scanned): { pos: number; from: number; to: number } | null {
  const pos = findHeading(s, 'Requirements', 2);
  if (pos < 0) return null;
  return { pos, from: s.headings[pos]!.index, to: nextLevel2(s, pos) };
}

function requirementBlocks(s: Scanned): RequirementBlock[] {
  const range = requirementsRange(s);
  if (!range) return [];
  const heads: { pos: number; name: string }[] = [];
  for (let k = range.pos + 1; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.index >= range.to) break;
    const name = h.level === 3 ? requirementName(h.text) : null;
    if (name !== null) heads.push({ pos: k, name });
  }
  return heads.map((r, i) => {
    const next = heads[i + 1];
    const end = next ? s.headings[next.pos]!.index : range.to;
    return readBlock(s, r.pos, end, r.name);
  });
}

function structureIssues(s: Scanned): StructureIssue[] {
  const range = requirementsRange(s);
  const out: StructureIssue[] = [];
  const seen = new Map<string, number>();
  for (const h of s.headings) {
    const header = s.lines[h.index]!.text.trim();
    if (h.level === 2 && DELTA_HEADER.test(h.text)) {
      out.push({ kind: 'delta-header', header, line: h.line, column: h.column });
      continue;
    }
    const name = h.level === 3 ? requirementName(h.text) : null;
    if (name === null) continue;
    const inside = range !== null && h.index > range.from && h.index < range.to;
    if (!inside) {
      out.push({ kind: 'requirement-outside', header, line: h.line, column: h.column });
      continue;
    }
    const key = normalizeName(name);
    const first = seen.get(key);
    if (first !== undefined) {
      out.push({ kind: 'duplicate-requirement', header, line: h.line, column: h.column, firstLine: first });
    } else seen.set(key, h.line);
  }
  return out;
}
