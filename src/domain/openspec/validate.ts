// `validate` over an OpenSpec tree: every main spec and every active change, each an item with its
// findings. Changes are all read even when only some are selected: overlap needs every one of them.
import { compareFindings, type Finding } from '../findings/index.js';
import type { CacheData } from './cache-data.js';
import { isCleanMainSpec } from './clean-spec.js';
import { OpenSpecLoader, type ParsedSpec } from './load.js';
import { type MemoResult, ResultMemo } from './memo.js';
import { changeTouches, overlapFindings, type Touch } from './overlap.js';
import { parseOpenSpecSpec } from './parse-main-spec.js';
import { checkChange } from './rules-change.js';
import { checkMainSpec } from './rules-spec.js';
import { type ChangeEntry, type SpecEntry, walkOpenSpec } from './walk.js';

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

/** A main spec's findings from its parsed model; null when the walk did not see the file and there is none. */
function parsedFindings(hit: ParsedSpec, unseen: boolean): Finding[] | null {
  if (hit.error) return [hit.error];
  if (hit.spec) return checkMainSpec(hit.spec);
  return unseen ? null : [];
}

/**
 * A spec read, checked and dropped. Most are clean and in the usual shape, which isCleanMainSpec
 * recognises without building a model; the rest are parsed and checked in full.
 */
function specFindings(env: OpenSpecLoader, s: SpecEntry): Finding[] | null {
  const read = env.listedText(s);
  if (!read) return null;
  if (read.text === null) return read.error ? [read.error] : [];
  return isCleanMainSpec(read.text) ? [] : checkMainSpec(parseOpenSpecSpec(read.text, s.file));
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

  // Changes first, then specs. A change parses the main specs its deltas target; each model is
  // dropped after the last change that needs it, keeping only the spec's findings for the spec
  // loop. Holding every targeted model until all changes were checked made them outlive the young
  // generation (on 5,000 specs V8 promoted 13 MB instead of 8).
  const uses = new Map<string, number>();
  for (const c of tree.changes)
    for (const d of c.deltas) uses.set(d.capability, (uses.get(d.capability) ?? 0) + 1);
  const listed = new Map(tree.specs.map((s) => [s.id, s]));
  const parsed = new Map<string, Finding[] | null>();
  const release = (entry: ChangeEntry) => {
    for (const d of entry.deltas) {
      const left = uses.get(d.capability)! - 1;
      uses.set(d.capability, left);
      if (left > 0) continue;
      const hit = env.forget(d.capability);
      const s = listed.get(d.capability);
      if (hit && s) parsed.set(s.id, parsedFindings(hit, s.unseen === true));
    }
  };

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
    release(entry);
  }

  // A spec whose findings come from the cache is not read at all.
  const specItems: OpenSpecItem[] = [];
  const specFindingList: Finding[] = [];
  for (const s of tree.specs) {
    if (!wanted(s.id, s.file)) {
      memo?.carry('spec', s.file);
      continue;
    }
    const done = parsed.get(s.id);
    const check = () => (done !== undefined ? done : specFindings(env, s));
    const fs = memo ? memo.spec(s, check) : check();
    if (!fs) continue;
    specItems.push({ id: s.id, type: 'spec', file: s.file, valid: isValid(fs, strict) });
    specFindingList.push(...fs);
  }

  const overlaps = overlapFindings(touches);
  for (const c of checked) {
    const fs = [...c.fs, ...(overlaps.get(c.id) ?? [])];
    items.push({ id: c.id, type: 'change', file: c.dir, valid: isValid(fs, strict) });
    findings.push(...fs);
  }
  items.push(...specItems);
  findings.push(...specFindingList);
  findings.sort(compareFindings);
  return memo ? { items, findings, cache: memo.result() } : { items, findings };
}
