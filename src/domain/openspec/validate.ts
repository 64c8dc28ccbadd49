// `validate` over an OpenSpec tree: every main spec and every active change, each an item with its
// findings. Changes are always all read, because overlap between them is only visible together.
import { compareFindings, type Finding } from '../lint/finding.js';
import { OpenSpecLoader } from './load.js';
import { changeOverlaps } from './overlap.js';
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

  const changes = tree.changes.map((c) => env.loadChange(c));
  const overlaps = changeOverlaps(changes);
  for (const c of changes) {
    if (!wanted(c.entry.id, c.entry.dir)) continue;
    const fs = [...checkChange(c, env), ...(overlaps.get(c.entry.id) ?? [])];
    items.push({ id: c.entry.id, type: 'change', file: c.entry.dir, valid: isValid(fs, strict) });
    findings.push(...fs);
  }
  for (const s of tree.specs) {
    if (!wanted(s.id, s.file)) continue;
    const { spec, error } = env.mainSpec(s.id);
    const fs = error ? [error] : spec ? checkMainSpec(spec) : [];
    items.push({ id: s.id, type: 'spec', file: s.file, valid: isValid(fs, strict) });
    findings.push(...fs);
  }
  findings.sort(compareFindings);
  return { items, findings };
}
