// Runs the real OpenSpec CLI on the fixture trees and checks Papertrail reports everything it does:
// each OpenSpec ERROR as an error in the same file (and line, when OpenSpec gives one), each
// WARNING/INFO at least at its level, plus the merge errors OpenSpec only mentions as INFO.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../../src/domain/findings/index.js';
import { type OpenSpecReport, validateOpenSpec } from '../../../src/domain/openspec/index.js';
import { randomTree } from './random-tree.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/openspec');
const BIN = resolve(import.meta.dirname, '../../../node_modules/.bin/openspec');

type Level = 'ERROR' | 'WARNING' | 'INFO';
interface OsIssue {
  level: Level;
  path: string;
  line?: number;
  message: string;
}
interface OsItem {
  id: string;
  type: 'spec' | 'change';
  valid: boolean;
  issues: OsIssue[];
}

const scratch: string[] = [];

function scratchDir(): string {
  const work = mkdtempSync(join(tmpdir(), 'pt-openspec-'));
  scratch.push(work);
  return work;
}

/** One OpenSpec run per tree, on a copy, with telemetry, update checks and the user's config out of the way. */
function runOpenSpec(fixture: string): OsItem[] {
  const repo = join(scratchDir(), 'repo');
  cpSync(join(FIXTURES, fixture), repo, { recursive: true });
  return runOpenSpecIn(repo);
}

function runOpenSpecIn(repo: string): OsItem[] {
  const home = join(scratchDir(), 'home');
  mkdirSync(home);
  const r = spawnSync(BIN, ['validate', '--all', '--json', '--no-interactive'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      OPENSPEC_TELEMETRY: '0',
      DO_NOT_TRACK: '1',
      OPENSPEC_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
      CI: '1',
    },
  });
  if (r.error) throw r.error;
  const start = r.stdout.indexOf('{');
  if (start < 0) throw new Error(`openspec printed no JSON (exit ${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout.slice(start)) as { items: OsItem[] }).items;
}

/** OpenSpec paths are relative to the item: the spec file, or the change folder / its specs/. */
function fileMatcher(item: OsItem, path: string): (file: string) => boolean {
  if (item.type === 'spec') return (f) => f === `openspec/specs/${item.id}/spec.md`;
  const dir = `openspec/changes/${item.id}`;
  if (path === 'file' || path === 'specs') return (f) => f === dir || f.startsWith(`${dir}/`);
  if (path === '.openspec.yaml' || path === 'tasks.md') return (f) => f === `${dir}/${path}`;
  return (f) => f === `${dir}/specs/${path}`;
}

const ACCEPTS: Record<Level, Severity[]> = {
  ERROR: ['error'],
  WARNING: ['error', 'warning'],
  INFO: ['error', 'warning', 'info'],
};

function unmatched(items: OsItem[], findings: Finding[], levels: Level[]): string[] {
  const misses: string[] = [];
  for (const item of items) {
    for (const issue of item.issues) {
      if (!levels.includes(issue.level)) continue;
      const inFile = fileMatcher(item, issue.path);
      const hit = findings.some(
        (f) =>
          inFile(f.file) &&
          ACCEPTS[issue.level].includes(f.severity) &&
          (issue.line === undefined || f.line === issue.line),
      );
      if (!hit)
        misses.push(
          `${item.type}/${item.id} ${issue.level} ${issue.path}:${issue.line ?? '-'} ${issue.message}`,
        );
    }
  }
  return misses;
}

function itemsOf(items: { id: string; type: string }[]): string[] {
  return items.map((i) => `${i.type}/${i.id}`).sort();
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('broken corpus', () => {
  let os: OsItem[];
  let pt: OpenSpecReport;
  beforeAll(() => {
    os = runOpenSpec('broken');
    pt = validateOpenSpec(join(FIXTURES, 'broken'));
  });

  it('has at least 20 items OpenSpec rejects, and the same items in both tools', () => {
    expect(os.filter((i) => !i.valid).length).toBeGreaterThanOrEqual(20);
    expect(itemsOf(pt.items)).toEqual(itemsOf(os));
  });

  it('reports every OpenSpec ERROR as an error in the same file and line', () => {
    expect(os.some((i) => i.issues.some((x) => x.level === 'ERROR' && x.line !== undefined))).toBe(true);
    expect(unmatched(os, pt.findings, ['ERROR'])).toEqual([]);
  });

  it('reports every OpenSpec WARNING and INFO at the same or a higher level', () => {
    expect(unmatched(os, pt.findings, ['WARNING', 'INFO'])).toEqual([]);
  });

  it('rejects every item OpenSpec rejects', () => {
    const ptValid = new Map(pt.items.map((i) => [`${i.type}/${i.id}`, i.valid]));
    const wronglyValid = os.filter((i) => !i.valid && ptValid.get(`${i.type}/${i.id}`) !== false);
    expect(wronglyValid.map((i) => i.id)).toEqual([]);
  });

  it('covers every error rule OpenSpec has for specs and changes', () => {
    const codes = new Set(pt.findings.filter((f) => f.severity === 'error').map((f) => f.code));
    for (const code of [
      'missing-purpose',
      'missing-requirements-section',
      'no-requirements',
      'requirement-no-scenario',
      'requirement-no-text',
      'delta-header-in-main-spec',
      'requirement-outside-section',
      'duplicate-requirement',
      'change-no-deltas',
      'delta-no-sections',
      'delta-empty-sections',
      'delta-misplaced',
      'delta-conflict',
      'rename-unpaired',
      'modified-drops-scenario',
      'skip-specs-conflict',
      'skip-specs-invalid',
      'nested-change',
      'delta-target-missing',
      'header-missing-space',
    ]) {
      expect(codes, code).toContain(`openspec/${code}`);
    }
  });

  it('makes the merge failures OpenSpec only mentions as INFO errors', () => {
    const item = os.find((i) => i.id === 'missing-targets')!;
    expect(item.valid).toBe(true);
    expect(item.issues.every((i) => i.level === 'INFO')).toBe(true);
    const missing = pt.findings
      .filter((f) => f.code === 'openspec/delta-target-missing' && f.file.includes('/missing-targets/'))
      .map((f) => `${f.file.replace('openspec/changes/missing-targets/specs/', '')}:${f.line}`);
    expect(missing.sort()).toEqual([
      'ghost/spec.md:2',
      'target/spec.md:10',
      'target/spec.md:13',
      'target/spec.md:2',
    ]);
    expect(pt.items.find((i) => i.id === 'missing-targets')?.valid).toBe(false);
  });

  it('warns about two active changes modifying one requirement, which OpenSpec does not see', () => {
    for (const id of ['overlap-a', 'overlap-b']) {
      expect(os.find((i) => i.id === id)?.issues).toEqual([]);
      const overlap = pt.findings.filter(
        (f) => f.code === 'openspec/change-overlap' && f.file.includes(`/${id}/`),
      );
      expect(overlap).toHaveLength(1);
      expect(overlap[0]!.message).toContain(id === 'overlap-a' ? '"overlap-b"' : '"overlap-a"');
    }
  });

  it('gives every finding a hint', () => {
    expect(pt.findings.filter((f) => !f.hint)).toEqual([]);
  });
});

describe('clean corpus', () => {
  it('has no error and no warning in either tool', () => {
    const os = runOpenSpec('clean');
    const pt = validateOpenSpec(join(FIXTURES, 'clean'));
    expect(os.flatMap((i) => i.issues).filter((i) => i.level !== 'INFO')).toEqual([]);
    expect(pt.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(itemsOf(pt.items)).toEqual(itemsOf(os));
    expect(pt.items.every((i) => i.valid)).toBe(true);
    expect(validateOpenSpec(join(FIXTURES, 'clean'), { strict: true }).items.every((i) => i.valid)).toBe(
      true,
    );
  });
});

describe('random trees (differential)', () => {
  it('reports everything OpenSpec reports, at the same level or higher and on the same line', () => {
    const repo = join(scratchDir(), 'repo');
    for (const seed of [7, 42, 1234]) randomTree(repo, seed);
    const os = runOpenSpecIn(repo);
    const pt = validateOpenSpec(repo);
    expect(os.flatMap((i) => i.issues).length).toBeGreaterThan(300);
    expect(itemsOf(pt.items)).toEqual(itemsOf(os));
    expect(unmatched(os, pt.findings, ['ERROR', 'WARNING', 'INFO'])).toEqual([]);
    const ptValid = new Map(pt.items.map((i) => [`${i.type}/${i.id}`, i.valid]));
    expect(os.filter((i) => !i.valid && ptValid.get(`${i.type}/${i.id}`)).map((i) => i.id)).toEqual([]);
  });
});
