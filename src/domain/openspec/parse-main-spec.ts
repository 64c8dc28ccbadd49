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
  sectionTitle,
} from './blocks.js';
import type {
  HeaderRef,
  OpenSpecSpec,
  RequirementBlock,
  SectionRequirement,
  StructureIssue,
} from './model.js';
import { requirementName, stripBom } from './names.js';
import { openSpecView } from './view.js';

const DELTA_HEADER = /^(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements$/i;

export function parseOpenSpecSpec(source: string, file: string): OpenSpecSpec {
  const { s, malformed } = openSpecView(scan(stripBom(source)));
  // Each level-3 header's requirement name, computed once for the three readers below.
  const names = s.headings.map((h) => (h.level === 3 ? requirementName(h.text) : null));
  const titlePos = s.headings.findIndex((h) => h.level === 1);
  const purposePos = findHeading(s, 'Purpose');
  const reqPos = findHeading(s, 'Requirements');
  const blocks = requirementBlocks(s, names);
  return {
    file,
    title: titlePos >= 0 ? s.headings[titlePos]!.text : null,
    purpose: purposePos >= 0 ? readSection(s, purposePos) : null,
    requirementsSection: reqPos >= 0 ? headerRef(s, reqPos) : null,
    requirements: reqPos >= 0 ? sectionRequirements(s, reqPos, names, blocks) : [],
    blocks,
    structure: structureIssues(s, names),
    malformed,
  };
}

function headerRef(s: Scanned, pos: number): HeaderRef {
  const h = s.headings[pos]!;
  return { title: h.text, level: h.level, line: h.line, column: h.column };
}

function sectionRequirements(
  s: Scanned,
  reqPos: number,
  names: (string | null)[],
  blocks: RequirementBlock[],
): SectionRequirement[] {
  const byStart = new Map(blocks.map((b) => [b.start, b]));
  return childHeadings(s, reqPos).map((k) => {
    const h = s.headings[k]!;
    const name = names[k] ?? null;
    // Both readers stop the body at the next header, so a block's body is this requirement's body.
    const body = byStart.get(h.index)?.body ?? readBody(s, k, blockEnd(s, k)).body;
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

function requirementBlocks(s: Scanned, names: (string | null)[]): RequirementBlock[] {
  const range = requirementsRange(s);
  if (!range) return [];
  const heads: number[] = [];
  for (let k = range.pos + 1; k < s.headings.length; k++) {
    if (s.headings[k]!.index >= range.to) break;
    if (names[k] != null) heads.push(k);
  }
  return heads.map((k, i) => {
    const next = heads[i + 1];
    const end = next !== undefined ? s.headings[next]!.index : range.to;
    return readBlock(s, k, end, names[k]!);
  });
}

function structureIssues(s: Scanned, names: (string | null)[]): StructureIssue[] {
  const range = requirementsRange(s);
  const out: StructureIssue[] = [];
  const seen = new Map<string, number>();
  const header = (index: number) => s.lines[index]!.text.trim();
  s.headings.forEach((h, k) => {
    if (h.level === 2 && DELTA_HEADER.test(sectionTitle(s, h))) {
      out.push({ kind: 'delta-header', header: header(h.index), line: h.line, column: h.column });
      return;
    }
    const name = names[k];
    if (name == null) return;
    const inside = range !== null && h.index > range.from && h.index < range.to;
    if (!inside) {
      out.push({ kind: 'requirement-outside', header: header(h.index), line: h.line, column: h.column });
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      out.push({
        kind: 'duplicate-requirement',
        header: header(h.index),
        line: h.line,
        column: h.column,
        firstLine: first,
      });
    } else seen.set(name, h.line);
  });
  return out;
}
