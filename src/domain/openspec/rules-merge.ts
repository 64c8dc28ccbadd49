// A delta checked against the main spec it will be merged into, replaying archive's order
// (RENAMED, REMOVED, MODIFIED, ADDED). OpenSpec only reports scenario loss here and mentions the rest
// as INFO; Papertrail makes every merge archive would refuse an error, so validate predicts archive.
import type { Finding, Related } from '../findings/index.js';
import type { DeltaSpec, OpenSpecSpec, Pos, RequirementBlock } from './model.js';
import { NameIndex } from './name-index.js';
import { foldName } from './names.js';
import { finding, type OpenSpecCode } from './rules.js';

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
  // scenarioLoss is done with the main spec as it is: the replay may now change the map.
  simulate(inp, new NameIndex(current), out);
  return out;
}

const NO_RENAMES: ReadonlyMap<string, string> = new Map();

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
  if (d.modified.length === 0) return;
  const renamedFrom = d.renamed.length === 0 ? NO_RENAMES : new Map(d.renamed.map((r) => [r.to, r.from]));
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
  renamedFrom: ReadonlyMap<string, string>,
): RequirementBlock | undefined {
  const direct = current.get(name);
  if (direct || renamedFrom.size === 0) return direct;
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
  // A requirement's few scenarios: match in place, marking used ones in a bit set.
  if (against.length <= 30) {
    const out: string[] = [];
    let used = 0;
    for (const n of names) {
      let j = 0;
      while (j < against.length && ((used >> j) & 1 || against[j] !== n)) j++;
      if (j < against.length) used |= 1 << j;
      else out.push(n);
    }
    return out;
  }
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

function normalizeRaw(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/**
 * Names the delta itself contradicts (two sections, or a rename and another section). Those are
 * reported as delta-conflict; replaying them would only add noise about a merge that cannot happen.
 */
function conflictedNames(d: DeltaSpec): Set<string> {
  const kinds =
    (d.added.length > 0 ? 1 : 0) + (d.modified.length > 0 ? 1 : 0) + (d.removed.length > 0 ? 1 : 0);
  if (d.renamed.length === 0 && kinds < 2) return new Set();
  const added = new Set(d.added.map((b) => b.name));
  const modified = new Set(d.modified.map((b) => b.name));
  const removed = new Set(d.removed.map((r) => r.name));
  const out = new Set<string>();
  for (const n of modified) if (removed.has(n) || added.has(n)) out.add(n);
  for (const n of added) if (removed.has(n)) out.add(n);
  for (const r of d.renamed) {
    if (modified.has(r.from)) out.add(r.from);
    if (added.has(r.to)) out.add(r.to);
    for (const n of removed) {
      if (foldName(n) !== foldName(r.from)) continue;
      out.add(n);
      out.add(r.from);
    }
  }
  return out;
}

/** The entries whose name is not contested and not a repeat; repeats are duplicate errors already. */
function usable<T>(items: T[], names: (t: T) => string[], skip: Set<string>): T[] {
  if (items.length === 0 || (items.length === 1 && skip.size === 0)) return items;
  const seen = new Set<string>();
  const out: T[] = [];
  for (const it of items) {
    const ns = names(it);
    if (ns.some((n) => skip.has(n) || seen.has(n))) continue;
    for (const n of ns) seen.add(n);
    out.push(it);
  }
  return out;
}

function simulate(inp: MergeInput, names: NameIndex, out: Finding[]): void {
  const { delta: d, targetFile } = inp;
  const missing = (what: string, pos: Pos, name: string, extra = '') => {
    const near = names.nearMiss(name);
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
  // Whether a block is the main spec's (not one this delta brings): looked up only when reporting.
  const fromTarget = (b: RequirementBlock) => inp.target?.blocks.includes(b) === true;
  const exists = (key: string, existing: RequirementBlock, what: string, pos: Pos, code: OpenSpecCode) =>
    out.push(
      finding(code, `${what} collides with the existing requirement "${key}" in ${targetFile}`, d.file, pos, {
        related: [at(fromTarget(existing) ? targetFile : d.file, existing, 'existing requirement')],
      }),
    );
  const hadAny = names.size > 0;
  const skip = conflictedNames(d);
  for (const r of usable(d.renamed, (r) => [r.from, r.to], skip)) {
    const source = names.get(r.from);
    if (!source) {
      const applied = names.has(r.to) ? ` (but "${r.to}" is: the rename looks already applied)` : '';
      missing('RENAMED FROM', r, r.from, applied);
      continue;
    }
    const clashKey = names.has(r.to) ? r.to : names.nearMiss(r.to, r.from);
    if (clashKey !== undefined) {
      const to = { line: r.toLine, column: r.toColumn };
      exists(clashKey, names.get(clashKey)!, `RENAMED TO "${r.to}"`, to, 'openspec/rename-target-exists');
      continue;
    }
    names.delete(r.from);
    names.set(r.to, source);
  }
  for (const r of usable(d.removed, (r) => [r.name], skip)) {
    if (names.has(r.name)) names.delete(r.name);
    else missing('REMOVED', r, r.name);
  }
  const renamedAway = new Set(d.renamed.map((r) => r.from));
  for (const m of usable(d.modified, (m) => [m.name], skip)) {
    if (names.has(m.name)) names.set(m.name, m);
    else if (!renamedAway.has(m.name)) missing('MODIFIED', m, m.name);
  }
  for (const a of usable(d.added, (a) => [a.name], skip)) {
    const key = names.has(a.name) ? a.name : names.nearMiss(a.name);
    const existing = key === undefined ? undefined : names.get(key);
    if (key !== undefined && existing) {
      // Identical content is an early sync: archive skips it, and so do we.
      if (key !== a.name || normalizeRaw(existing.raw) !== normalizeRaw(a.raw)) {
        exists(key, existing, `ADDED "${a.name}"`, a, 'openspec/added-exists');
      }
      continue;
    }
    names.set(a.name, a);
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
