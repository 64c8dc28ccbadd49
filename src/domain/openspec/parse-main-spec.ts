// Reads a main spec the two ways OpenSpec does: the header tree (`show`, the scenario and
// non-empty checks) and the `### Requirement:` blocks of `## Requirements` (archive, keyword check).
import {
  childHeadings,
  nextLevel2,
  readBlock,
  readBody,
  readSection,
  scenarioRef,
  sectionTitle,
  titleIs,
} from './blocks.js';
import type {
  HeaderRef,
  OpenSpecSpec,
  RequirementBlock,
  SectionRequirement,
  StructureIssue,
} from './model.js';
import { requirementName, stripBom } from './names.js';
import { blockEnd, lineText, type SpecScan, scanSpec } from './scan-spec.js';

const DELTA_HEADER = /^(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements$/i;

export function parseOpenSpecSpec(source: string, file: string): OpenSpecSpec {
  const s = scanSpec(stripBom(source));
  // Each level-3 header's requirement name, computed once for the three readers below.
  const names = s.headings.map((h) => (h.level === 3 ? requirementName(h.text) : null));
  const at = landmarks(s);
  const range =
    at.requirements2 >= 0
      ? {
          pos: at.requirements2,
          from: s.headings[at.requirements2]!.index,
          to: nextLevel2(s, at.requirements2),
        }
      : null;
  const blocks = requirementBlocks(s, names, range);
  const reqPos = at.requirements;
  return {
    file,
    title: at.title >= 0 ? s.headings[at.title]!.text : null,
    purpose: at.purpose >= 0 ? readSection(s, at.purpose) : null,
    requirementsSection: reqPos >= 0 ? headerRef(s, reqPos) : null,
    requirements: reqPos >= 0 ? sectionRequirements(s, reqPos, names, blocks) : [],
    blocks,
    structure: structureIssues(s, names, range),
    malformed: s.malformed,
  };
}

/**
 * In one pass over the headers: the first `#` header, the first Purpose and Requirements sections
 * at any level (what `show` reads) and the first `## Requirements` (what archive reads).
 */
function landmarks(s: SpecScan): {
  title: number;
  purpose: number;
  requirements: number;
  requirements2: number;
} {
  const at = { title: -1, purpose: -1, requirements: -1, requirements2: -1 };
  for (let k = 0; k < s.headings.length; k++) {
    const h = s.headings[k]!;
    if (h.level === 1 && at.title < 0) at.title = k;
    if (at.purpose < 0 && titleIs(s, h, 'purpose')) at.purpose = k;
    else if (titleIs(s, h, 'requirements')) {
      if (at.requirements < 0) at.requirements = k;
      if (h.level === 2 && at.requirements2 < 0) at.requirements2 = k;
    }
  }
  return at;
}

function headerRef(s: SpecScan, pos: number): HeaderRef {
  const h = s.headings[pos]!;
  return { title: h.text, level: h.level, line: h.line, column: h.column };
}

function sectionRequirements(
  s: SpecScan,
  reqPos: number,
  names: (string | null)[],
  blocks: RequirementBlock[],
): SectionRequirement[] {
  // Blocks and child headers both come in file order, so one cursor pairs them.
  let b = 0;
  return childHeadings(s, reqPos).map((k) => {
    const h = s.headings[k]!;
    const name = names[k] ?? null;
    while (b < blocks.length && blocks[b]!.start < h.index) b++;
    const block = blocks[b]?.start === h.index ? blocks[b] : undefined;
    // Both readers stop the body at the next header, so a block's body is this requirement's body.
    const body = block?.body ?? readBody(s, k, blockEnd(s, k)).body;
    const scenarios =
      block && sameScenarios(s, k, block)
        ? block.scenarios
        : childHeadings(s, k).map((c) => scenarioRef(s, c, blockEnd(s, c)));
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

/**
 * Whether the header tree's scenarios of requirement `k` are exactly its block's: true when every
 * header under it is a level-4 scenario and the block reaches its end (the lines between are blank),
 * which is the usual shape. Both readers then see the same headers with the same bodies.
 */
function sameScenarios(s: SpecScan, k: number, block: RequirementBlock): boolean {
  const end = blockEnd(s, k);
  if (end < block.end) return false;
  for (let c = k + 1; c < s.headings.length && s.headings[c]!.index < end; c++) {
    if (s.headings[c]!.level !== 4) return false;
  }
  return true;
}

/** The `## Requirements` section's line range, as archive bounds it: to the next `##` header. */
interface Range {
  pos: number;
  from: number;
  to: number;
}

function requirementBlocks(s: SpecScan, names: (string | null)[], range: Range | null): RequirementBlock[] {
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

function structureIssues(s: SpecScan, names: (string | null)[], range: Range | null): StructureIssue[] {
  const out: StructureIssue[] = [];
  const seen = new Map<string, number>();
  const header = (index: number) => lineText(s, index).trim();
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
