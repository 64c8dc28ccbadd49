// Rules for one delta spec on its own: shape, duplicates and contradictions between its sections.
// Checks against the main spec live in rules-merge.ts.
import type { Finding } from '../findings/index.js';
import {
  type DeltaOp,
  type DeltaSpec,
  deltaEntryCount,
  type NameRef,
  type Pos,
  type RequirementBlock,
} from './model.js';
import { foldName } from './names.js';
import { finding } from './rules.js';
import { keywordFinding, malformedFindings } from './rules-spec.js';

export function checkDelta(d: DeltaSpec): Finding[] {
  const out: Finding[] = [];
  const file = d.file;
  for (const h of d.skippedHeaders) {
    const nameless = /^requirement:?$/i.test(h.header);
    const message = nameless
      ? `Header "### ${h.header}" in ${h.section} has no requirement name and is ignored`
      : `Header "### ${h.header}" in ${h.section} is not a "### Requirement:" header and is ignored`;
    const hint = nameless ? 'Add a name: "### Requirement: <name>".' : undefined;
    out.push(finding('openspec/delta-skipped-header', message, file, h, { hint }));
  }
  // OpenSpec 1.13 reads these headers in any case, but older releases skipped a section not written
  // exactly so (with no message), and OpenSpec's documentation and templates use that form.
  for (const sec of d.sections) {
    const expected = `${sec.op} Requirements`;
    if (sec.title === expected) continue;
    out.push(
      finding(
        'openspec/delta-header-case',
        `"## ${sec.title}" is read as "## ${expected}"; write it as OpenSpec expects, "## ${expected}"`,
        file,
        sec,
        { hint: `Write "## ${expected}": older OpenSpec releases skip "## ${sec.title}" without a word.` },
      ),
    );
  }
  for (const u of d.unpairedRenames) {
    const missing = u.side === 'FROM' ? 'TO' : 'FROM';
    out.push(
      finding(
        'openspec/rename-unpaired',
        `RENAMED ${u.side}: "${u.name}" has no matching ${missing}: line`,
        file,
        u,
      ),
    );
  }
  for (const o of d.orphans) {
    const where = o.section ? `under "## ${o.section}"` : 'above the first "## " section';
    out.push(
      finding(
        'openspec/requirement-outside-delta',
        `Requirement "${o.name}" is ${where}, which is not a delta section, so it is ignored`,
        file,
        o,
      ),
    );
  }
  if (deltaEntryCount(d) === 0) {
    if (d.sections.length === 0) {
      out.push(
        finding('openspec/delta-no-sections', 'No delta sections found in this delta spec', file, null),
      );
    } else {
      const titles = [...new Set(d.sections.map((s) => `## ${s.title}`))].join(', ');
      out.push(
        finding(
          'openspec/delta-empty-sections',
          `Delta sections ${titles} were found, but no requirement entry was parsed`,
          file,
          d.sections[0]!,
        ),
      );
    }
  }
  for (const op of ['ADDED', 'MODIFIED'] as const) {
    const blocks = op === 'ADDED' ? d.added : d.modified;
    duplicates(blocks, op, file, out);
    for (const b of blocks) checkBlock(b, op, file, out);
  }
  duplicates(d.removed, 'REMOVED', file, out);
  duplicates(
    d.renamed.map((r) => ({ name: r.from, line: r.line, column: r.column })),
    'RENAMED',
    file,
    out,
    'FROM',
  );
  duplicates(
    d.renamed.map((r) => ({ name: r.to, line: r.toLine, column: r.toColumn })),
    'RENAMED',
    file,
    out,
    'TO',
  );
  conflicts(d, out);
  out.push(...malformedFindings(d.malformed, file));
  return out;
}

function checkBlock(b: RequirementBlock, op: DeltaOp, file: string, out: Finding[]): void {
  const kw = keywordFinding(b, `${op} "${b.name}"`, file);
  if (kw) out.push(kw);
  if (b.scenarios.some((s) => s.hasBody)) return;
  const empty = b.scenarios.length > 0 ? ' (a scenario header with nothing under it does not count)' : '';
  out.push(
    finding(
      'openspec/requirement-no-scenario',
      `${op} "${b.name}" must include at least one scenario${empty}`,
      file,
      b,
    ),
  );
}

function duplicates(items: NameRef[], op: DeltaOp, file: string, out: Finding[], side?: 'FROM' | 'TO'): void {
  const first = new Map<string, NameRef>();
  for (const it of items) {
    const seen = first.get(it.name);
    if (!seen) {
      first.set(it.name, it);
      continue;
    }
    const what = side ? `${side} in RENAMED` : `requirement in ${op}`;
    out.push(
      finding('openspec/duplicate-requirement', `Duplicate ${what}: "${it.name}"`, file, it, {
        related: [{ file, line: seen.line, column: seen.column, message: 'first listed here' }],
      }),
    );
  }
}

function firstByName(items: NameRef[]): Map<string, NameRef> {
  const m = new Map<string, NameRef>();
  for (const it of items) if (!m.has(it.name)) m.set(it.name, it);
  return m;
}

function conflicts(d: DeltaSpec, out: Finding[]): void {
  const added = firstByName(d.added);
  const modified = firstByName(d.modified);
  const removed = firstByName(d.removed);
  const conflict = (message: string, at: Pos, other: Pos) =>
    out.push(
      finding('openspec/delta-conflict', message, d.file, at, {
        related: [{ file: d.file, line: other.line, column: other.column, message: 'also named here' }],
      }),
    );
  for (const [name, m] of modified) {
    const r = removed.get(name);
    if (r) conflict(`Requirement present in both MODIFIED and REMOVED: "${name}"`, r, m);
    const a = added.get(name);
    if (a) conflict(`Requirement present in both MODIFIED and ADDED: "${name}"`, a, m);
  }
  for (const [name, a] of added) {
    const r = removed.get(name);
    if (r) conflict(`Requirement present in both ADDED and REMOVED: "${name}"`, r, a);
  }
  for (const rn of d.renamed) {
    const m = modified.get(rn.from);
    if (m) {
      conflict(
        `MODIFIED references the old name "${rn.from}" from RENAMED; use the new header "${rn.to}"`,
        m,
        rn,
      );
    }
    const a = added.get(rn.to);
    if (a) conflict(`RENAMED TO collides with ADDED for "${rn.to}"`, a, rn);
    const fold = foldName(rn.from);
    const r = [...removed.values()].find((x) => foldName(x.name) === fold);
    if (r) {
      const spelled = r.name === rn.from ? '' : ` (REMOVED spells it "${r.name}")`;
      conflict(`Requirement present in both RENAMED and REMOVED: "${rn.from}"${spelled}`, r, rn);
    }
  }
}
