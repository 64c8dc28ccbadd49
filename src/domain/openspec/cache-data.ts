// The contents of a validate cache: per main spec, its findings under the stamp of its file; per
// active change, its findings and what it does to which requirement (for the cross-change overlap
// check) under a key over every file the change's checks read. The file is only ever written by
// Papertrail, but it may be truncated, hand-edited or left by another version: anything that does
// not look exactly right is dropped, never trusted.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../findings/index.js';
import type { DeltaOp } from './model.js';
import type { Touch } from './overlap.js';
import { OPENSPEC_RULES } from './rules.js';

/** Bumped whenever the layout below changes; part of the file name too. */
export const CACHE_FORMAT = 1;

/** [stamp of the spec file, findings (omitted when none)] */
export type SpecRecord = [string, Finding[]?];

/** [op, delta file, capability, requirement name, line, column]: a Touch without its change id. */
export type TouchRecord = [DeltaOp, string, string, string, number, number];

/** [key over the change's inputs, findings without overlap, touches] */
export type ChangeRecord = [string, Finding[], TouchRecord[]];

export interface CacheData {
  format: number;
  /** Papertrail version, rule catalogue and build: results of other code are never reused. */
  engine: string;
  /** Stamp of what every change depends on (see Stamps.environment). */
  env: string;
  /** By spec file, relative to the workspace root. */
  specs: Record<string, SpecRecord>;
  /** By change id. */
  changes: Record<string, ChangeRecord>;
}

/**
 * Identifies the code whose results a cache holds: the Papertrail version, the rule catalogue and
 * the build (this module's file, whose bundled name carries a content hash, and its time, which
 * every build renews), so a development build never reuses results of the previous one.
 */
export function cacheEngine(version: string): string {
  const self = fileURLToPath(import.meta.url);
  const built = statSync(self, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const rules = process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(JSON.stringify(OPENSPEC_RULES))
    .digest('base64url')
    .slice(0, 16);
  return `papertrail ${version}; format ${CACHE_FORMAT}; rules ${rules}; build ${basename(self)}@${built}`;
}

export function emptyCache(engine: string): CacheData {
  // No prototype: a change folder may be named `__proto__` or `constructor`.
  return { format: CACHE_FORMAT, engine, env: '', specs: Object.create(null), changes: Object.create(null) };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The cache in `text` when it is one for this format and engine; otherwise null (start afresh). */
export function parseCacheData(text: string, engine: string): CacheData | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(raw) || raw.format !== CACHE_FORMAT || raw.engine !== engine) return null;
  if (typeof raw.env !== 'string' || !isObject(raw.specs) || !isObject(raw.changes)) return null;
  return raw as unknown as CacheData;
}

// Records are checked when used rather than all up front: a run reads every record anyway, and a
// bad one only costs its own recomputation.
function isFinding(f: unknown): f is Finding {
  return (
    isObject(f) &&
    typeof f.code === 'string' &&
    typeof f.message === 'string' &&
    typeof f.file === 'string' &&
    (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info')
  );
}

function isFindingList(v: unknown): v is Finding[] {
  return Array.isArray(v) && v.every(isFinding);
}

/** The spec's findings when its record holds them for exactly this stamp. */
export function specHit(data: CacheData, file: string, stamp: string): Finding[] | null {
  if (!Object.hasOwn(data.specs, file)) return null;
  const r: unknown = data.specs[file];
  if (!Array.isArray(r) || r[0] !== stamp) return null;
  if (r.length === 1) return [];
  return isFindingList(r[1]) ? r[1] : null;
}

export function specRecord(stamp: string, findings: Finding[]): SpecRecord {
  return findings.length > 0 ? [stamp, findings] : [stamp];
}

function isTouchRecord(t: unknown): t is TouchRecord {
  return (
    Array.isArray(t) &&
    t.length === 6 &&
    (t[0] === 'ADDED' || t[0] === 'MODIFIED' || t[0] === 'REMOVED' || t[0] === 'RENAMED') &&
    typeof t[1] === 'string' &&
    typeof t[2] === 'string' &&
    typeof t[3] === 'string' &&
    typeof t[4] === 'number' &&
    typeof t[5] === 'number'
  );
}

/** The change's findings and touches when its record was made under exactly this key. */
export function changeHit(
  data: CacheData,
  id: string,
  key: string,
): { findings: Finding[]; touches: Touch[] } | null {
  if (!Object.hasOwn(data.changes, id)) return null;
  const r: unknown = data.changes[id];
  if (!Array.isArray(r) || r.length !== 3 || r[0] !== key) return null;
  if (!isFindingList(r[1]) || !Array.isArray(r[2]) || !r[2].every(isTouchRecord)) return null;
  const touches = (r[2] as TouchRecord[]).map(
    ([op, file, capability, name, line, column]): Touch => ({
      change: id,
      op,
      file,
      capability,
      name,
      line,
      column,
    }),
  );
  return { findings: r[1], touches };
}

export function changeRecord(key: string, findings: Finding[], touches: Touch[]): ChangeRecord {
  return [key, findings, touches.map((t) => [t.op, t.file, t.capability, t.name, t.line, t.column])];
}
