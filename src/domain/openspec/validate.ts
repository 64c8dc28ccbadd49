// `validate` over an OpenSpec tree: every main spec and every active change, each an item with its
// findings. Changes are all read even when only some are selected: overlap needs every one of them.
import { compareFindings, type Finding } from '../lint/finding.js';
import type { CacheData } from './cache-data.js';
import { OpenSpecLoader } from './load.js';
import { type MemoResult, ResultMemo } from './memo.js';
import { changeTouches, overlapFindings, type Touch } from './overlap.js';
import { checkChange } from './rules-change.js';
import { checkMainSpec } from './rules-spec.js';
import { walkOpenSpec } from './walk.js';

export interface ValidateOpenSpecOptions {
  /** Warnings make an item invalid too, as `openspec validate --strict`. */
  strict?: boolean;
  /** Only items whose id or path matches one of these (a folder path selects what is under it). */
  only?: string[];
  /**
   * Reuse an earlier run's results for unchanged files: `data` is that run's cache (null: none or
   * unusable), `engine` identifies the code (see parseCacheData), `startedAt` is now (tests pin it).
   */
  cache?: { data: CacheData | null; engine: string; startedAt?: number };
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
  /** With the `cache` option: the cache for the next run, and how much was reused. */
  cache?: MemoResult;
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
  const c = opts.cache;
  const memo = c ? new ResultMemo(env, c.data, c.engine, c.startedAt ?? Date.now()) : null;
  const items: OpenSpecItem[] = [];
  const findings: Finding[] = [];

  // Specs first, keeping only the ones a change targets: the changes then reuse them, and the rest
  // of a large tree is garbage as soon as it is checked. A spec whose findings come from the cache
  // is not parsed at all; a change checked again parses its targets then.
  const targets = new Set(tree.changes.flatMap((c) => c.deltas.map((d) => d.capability)));
  const specItems: OpenSpecItem[] = [];
  const specFindings: Finding[] = [];
  for (const s of tree.specs) {
    if (!wanted(s.id, s.file)) {
      memo?.carry('spec', s.file);
      continue;
    }
    const check = () => {
      const read = env.listedSpec(s, targets.has(s.id));
      return !read ? null : read.error ? [read.error] : read.spec ? checkMainSpec(read.spec) : [];
    };
    const fs = memo ? memo.spec(s, check) : check();
    if (!fs) continue;
    specItems.push({ id: s.id, type: 'spec', file: s.file, valid: isValid(fs, strict) });
    specFindings.push(...fs);
  }
  // Changes are checked one at a time and dropped; only what overlap needs is kept.
  const touches: Touch[] = [];
  const checked: { id: string; dir: string; fs: Finding[] }[] = [];
  // Unselected changes still count for overlap, unless no change is selected at all.
  const anyChange = tree.changes.some((c) => wanted(c.id, c.dir));
  for (const entry of tree.changes) {
    if (!anyChange) {
      memo?.carry('change', entry.id);
      continue;
    }
    const selected = wanted(entry.id, entry.dir);
    if (memo) {
      // A record needs the findings even of a change not reported this time.
      const r = memo.change(entry, () => {
        const c = env.loadChange(entry);
        return { findings: checkChange(c, env), touches: changeTouches(c) };
      });
      touches.push(...r.touches);
      if (selected) checked.push({ id: entry.id, dir: entry.dir, fs: r.findings });
    } else {
      const c = env.loadChange(entry);
      touches.push(...changeTouches(c));
      if (selected) checked.push({ id: entry.id, dir: entry.dir, fs: checkChange(c, env) });
    }
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
  return memo ? { items, findings, cache: memo.result() } : { items, findings };
}
