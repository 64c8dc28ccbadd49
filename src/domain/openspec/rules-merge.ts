// A delta checked against the main spec it will be merged into, replaying archive's order
// (RENAMED, REMOVED, MODIFIED, ADDED). OpenSpec only reports scenario loss here and mentions the rest
// as INFO; Papertrail makes every merge archive would refuse an error, so validate predicts archive.
import type { Finding, Related } from '../lint/finding.js';
import type { DeltaSpec, OpenSpecSpec, Pos, RequirementBlock } from './model.js';
import { foldName } from './names.js';
import { finding } from './rules.js';

export interface MergeInput {
  delta: DeltaSpec;
  capability: string;
  /** The main spec, or null when the capability does not exist yet. */
  target: OpenSpecSpec | null;
  targetFile: string;
  /** The change declares `retire_capabilities: true`. */
  retire: boolean;
}

export function checkMerge(inp: MergeInput): Finding[] {
  const { delta: d, target } = inp;
  if (d.added.length + d.modified.length + d.removed.length + d.renamed.length === 0) return [];
  if (!target) return missingSpec(inp);
  const out: Finding[] = [];
  const current = new Map<string, RequirementBlock>();
  for (const b of target.blocks) current.set(b.name, b);
  scenarioLoss(inp, current, out);
  if (target.structure.length > 0) {
    out.push(
      finding(
        'openspec/delta-target-invalid',
        `Archive would refuse this delta: ${inp.targetFile} is structurally invalid (${target.structure.length} problem(s))`,
        d.file,
        d.sections[0] ?? null,
        { related: [{ file: inp.targetFile, line: target.structure[0]!.line, message: 'first problem' }] },
      ),
    );
  }
  if (d.purpose && d.purpose.text !== '' && target.purpose && target.purpose.text !== d.purpose.text) {
    out.push(
      finding(
        'openspec/delta-purpose-ignored',
        `"## Purpose" is ignored: ${inp.capability} already has a Purpose`,
        d.file,
        d.purpose,
      ),
    );
  }
  simulate(inp, new Map(current), out);
  return out;
}

function at(file: string, b: Pos, message: string): Related {
  return { file, line: b.line, column: b.column, message };
}

function missingSpec(inp: MergeInput): Finding[] {
  const { delta: d, capability } = inp;
  const msg = (op: string, name: string) =>
    `${op} "${name}" targets spec "${capability}", which does not exist (${inp.targetFile}); only ADDED is possible for a new capability`;
  return [
    ...d.modified.map((b) => finding('openspec/delta-target-missing', msg('MODIFIED', b.name), d.file, b)),
    ...d.removed.map((r) => finding('openspec/delta-target-missing', msg('REMOVED', r.name), d.file, r)),
    ...d.renamed.map((r) => finding('openspec/delta-target-missing', msg('RENAMED FROM', r.from), d.file, r)),
  ];
}

/** A MODIFIED block replaces the whole requirement, so every current scenario must still be in it. */
function scenarioLoss(inp: MergeInput, current: Map<string, RequirementBlock>, out: Finding[]): void {
  const d = inp.delta;
  const renamedFrom = new Map(d.renamed.map((r) => [r.to, r.from]));
  const renamedAway = new Set(d.renamed.map((r) => r.from));
  for (const m of d.modified) {
    if (renamedAway.has(m.name)) continue;
    const base = blockThroughRenames(m.name, current, renamedFrom);
    if (!base) continue;
    const missing = unmatched(
      base.scenarios.map((s) => s.name),
      m.scenarios.map((s) => s.name),
    );
    if (missing.length === 0) continue;
    const added = unmatched(
      m.scenarios.map((s) => s.name),
      base.scenarios.map((s) => s.name),
    );
    const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
    const adds = added.length > 0 ? ` It adds ${list(added)}, which the current spec does not have.` : '';
    out.push(
      finding(
        'openspec/modified-drops-scenario',
        `MODIFIED "${m.name}" omits scenario(s) the current spec still has: ${list(missing)}. ` +
          `The modified block has ${m.scenarios.length}; the current spec has ${base.scenarios.length}.${adds}`,
        d.file,
        m,
        { related: [at(inp.targetFile, base, 'current requirement')] },
      ),
    );
  }
}

/** Renames chain (A→B, B→C leaves C holding A's block); the visited set stops a cycle. */
function blockThroughRenames(
  name: string,
  current: Map<string, RequirementBlock>,
  renamedFrom: Map<string, string>,
): RequirementBlock | undefined {
  const visited = new Set<string>();
  let key: string | undefined = name;
  while (key !== undefined && !visited.has(key)) {
    const b = current.get(key);
    if (b) return b;
    visited.add(key);
    key = renamedFrom.get(key);
  }
  return undefined;
}

/** Names in `names` left over after matching each against one occurrence in `against`. */
function unmatched(names: string[], against: string[]): string[] {
  const left = new Map<string, number>();
  for (const n of against) left.set(n, (left.get(n) ?? 0) + 1);
  const out: string[] = [];
  for (const n of names) {
    const k = left.get(n) ?? 0;
    if (k > 0) left.set(n, k - 1);
    else out.push(n);
  }
  return out;
}

function nearMiss(names: Map<string, RequirementBlock>, name: string, except?: string): string | undefined {
  const fold = foldName(name);
  for (const k of names.keys()) if (k !== except && k !== name && foldName(k) === fold) return k;
  return undefined;
}

function normalizeRaw(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

function simulate(inp: MergeInput, names: Map<string, RequirementBlock>, out: Finding[]): void {
  const { delta: d, targetFile } = inp;
  const missing = (what: string, pos: Pos, name: string, extra = '') => {
    const near = nearMiss(names, name);
    const suggestion =
      near === undefined ? '' : `; "### Requirement: ${near}" exists (names must match exactly)`;
    out.push(
      finding(
        'openspec/delta-target-missing',
        `${what} "${name}" is not in ${targetFile}${extra}${suggestion}`,
        d.file,
        pos,
      ),
    );
  };
  const hadAny = names.size > 0;
  // Blocks this delta put into the map: a clash with one is a delta-conflict, reported elsewhere.
  const fromDelta = new Set<RequirementBlock>();
  for (const r of d.renamed) {
    const source = names.get(r.from);
    if (!source) {
      const applied = names.has(r.to) ? ` (but "${r.to}" is: the rename looks already applied)` : '';
      missing('RENAMED FROM', r, r.from, applied);
      continue;
    }
    const clash = names.get(r.to) ?? names.get(nearMiss(names, r.to, r.from) ?? '\0');
    if (clash) {
      out.push(
        finding(
          'openspec/rename-target-exists',
          `RENAMED TO "${r.to}" collides with the existing requirement "${clash.name}" in ${targetFile}`,
          d.file,
          { line: r.toLine, column: r.toColumn },
          { related: [at(targetFile, clash, 'existing requirement')] },
        ),
      );
      continue;
    }
    names.delete(r.from);
    names.set(r.to, source);
  }
  for (const r of d.removed) {
    if (names.has(r.name)) names.delete(r.name);
    else missing('REMOVED', r, r.name);
  }
  const renamedAway = new Set(d.renamed.map((r) => r.from));
  for (const m of d.modified) {
    if (names.has(m.name)) {
      names.set(m.name, m);
      fromDelta.add(m);
    } else if (!renamedAway.has(m.name)) missing('MODIFIED', m, m.name);
  }
  for (const a of d.added) {
    const existing = names.get(a.name) ?? names.get(nearMiss(names, a.name) ?? '\0');
    if (existing && fromDelta.has(existing)) continue;
    if (existing && !(existing.name === a.name && normalizeRaw(existing.raw) === normalizeRaw(a.raw))) {
      out.push(
        finding(
          'openspec/added-exists',
          `ADDED "${a.name}" already exists in ${targetFile} as "${existing.name}" with different content`,
          d.file,
          a,
          { related: [at(targetFile, existing, 'existing requirement')] },
        ),
      );
      continue;
    }
    names.set(a.name, a);
    fromDelta.add(a);
  }
  if (hadAny && names.size === 0 && !inp.retire) {
    out.push(
      finding(
        'openspec/removes-all-requirements',
        `After this delta ${inp.capability} has no requirement left, which archive refuses unless the change retires it`,
        d.file,
        d.sections.find((s) => s.op === 'REMOVED') ?? null,
      ),
    );
  }
}
