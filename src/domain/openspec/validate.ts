// `validate` over an OpenSpec tree: every main spec and every active change, each an item with its
// findings. Changes are all read even when only some are selected: overlap needs every one of them.
import { compareFindings, type Finding } from '../lint/finding.js';
import { OpenSpecLoader } from './load.js';
import { changeTouches, overlapFindings, type Touch } from './overlap.js';
import { checkChange } from './rules-change.js';
import { checkMainSpec } from './rules-spec.js';
import { walkOpenSpec } from './walk.js';

export interface ValidateOpenSpecOptions {
  /** Warnings make an item invalid too, as `openspec validate --strict`. */
  strict?: boolean;
  /** Only items whose id or path matches one of these (a folder path selects what is under it). */
  only?: string[];
}

export interface OpenSpecItem {
  id: string;
  type: 'spec' | 'change';
  /** The spec file, or the change folder; relative to the workspace root. */
  file: string;
  valid: boolean;
}

export interface OpenSpecReport {
  items: OpenSpecItem[];
  findings: Finding[];
}

function normalizeSelector(s: string): string {
  return s.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

function matcher(only: string[] | undefined): (id: string, file: string) => boolean {
  if (!only || only.length === 0) return () => true;
  const sel = only.map(normalizeSelector);
  return (id, file) =>
    sel.some((p) => p === id || p === file || p.startsWith(`${file}/`) || file.startsWith(`${p}/`));
}

function isValid(findings: Finding[], strict: boolean): boolean {
  return !findings.some((f) => f.severity === 'error' || (strict && f.severity === 'warning'));
}

export function validateOpenSpec(workspaceRoot: string, opts: ValidateOpenSpecOptions = {}): OpenSpecReport {
  const strict = opts.strict ?? false;
  const wanted = matcher(opts.only);
  const tree = walkOpenSpec(workspaceRoot);
  const env = new OpenSpecLoader(workspaceRoot, tree);
  const items: OpenSpecItem[] = [];
  const findings: Finding[] = [];

  // Specs first, keeping only the ones a change targets: the changes then reuse them, and the rest
  // of a large tree is garbage as soon as it is checked.
  const targets = new Set(tree.changes.flatMap((c) => c.deltas.map((d) => d.capability)));
  const specItems: OpenSpecItem[] = [];
  const specFindings: Finding[] = [];
  for (const s of tree.specs) {
    if (!wanted(s.id, s.file)) continue;
    const { spec, error } = env.mainSpec(s.id, targets.has(s.id));
    const fs = error ? [error] : spec ? checkMainSpec(spec) : [];
    specItems.push({ id: s.id, type: 'spec', file: s.file, valid: isValid(fs, strict) });
    specFindings.push(...fs);
  }
  // Changes are checked one at a time and dropped; only what overlap needs is kept.
  const touches: Touch[] = [];
  const checked: { id: string; dir: string; fs: Finding[] }[] = [];
  // Unselected changes still count for overlap, unless no change is selected at all.
  const anyChange = tree.changes.some((c) => wanted(c.id, c.dir));
  for (const entry of anyChange ? tree.changes : []) {
    const c = env.loadChange(entry);
    touches.push(...changeTouches(c));
    if (wanted(entry.id, entry.dir)) checked.push({ id: entry.id, dir: entry.dir, fs: checkChange(c, env) });
  }
  const overlaps = overlapFindings(touches);
  for (const c of checked) {
    const fs = [...c.fs, ...(overlaps.get(c.id) ?? [])];
    items.push({ id: c.id, type: 'change', file: c.dir, valid: isValid(fs, strict) });
    findings.push(...fs);
  }
  items.push(...specItems);
  findings.push(...specFindings);
  findings.sort(compareFindings);
  return { items, findings };
}
