// validate with a cache: the same report as without, and a record is reused only while every file
// it was computed from is unchanged.
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark generator is plain JavaScript without types
import { generateCorpus } from '../../../bench/gen-openspec-corpus.mjs';
import {
  type CacheData,
  cacheEngine,
  parseCacheData,
  type ValidateOpenSpecOptions,
  validateOpenSpec,
} from '../../../src/domain/openspec/index.js';
import { GOOD_SPEC, md, tree } from './helpers.js';
import { randomTree } from './random-tree.js';

const ENGINE = cacheEngine('test');
// Files written by a test are seconds old at most; a run "starting" later treats them as settled.
const LATER = () => Date.now() + 10_000;

function run(root: string, data: CacheData | null, startedAt = LATER(), opts: ValidateOpenSpecOptions = {}) {
  const r = validateOpenSpec(root, { ...opts, cache: { data, engine: ENGINE, startedAt } });
  // Through JSON, as the cache file would carry it.
  const next = parseCacheData(JSON.stringify(r.cache!.data), ENGINE);
  return { items: r.items, findings: r.findings, memo: r.cache!, next };
}

const plain = (root: string, opts: ValidateOpenSpecOptions = {}) => {
  const r = validateOpenSpec(root, opts);
  return { items: r.items, findings: r.findings };
};

// A whole second, which utimes sets exactly (it takes seconds as a float).
const PINNED = 1_700_000_000;

/** Gives a file a modification time that can be put back exactly after an edit. */
function pin(file: string): void {
  utimesSync(file, PINNED, PINNED);
}

/** Rewrites a pinned file with other bytes of the same length and puts its modification time back. */
function sameSizeEdit(file: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const before = statSync(file);
  expect(before.mtimeMs).toBe(PINNED * 1000);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  pin(file);
  const after = statSync(file);
  expect([after.mtimeMs, after.size, after.ino]).toEqual([before.mtimeMs, before.size, before.ino]);
}

const SPEC_WITH_DELTA = {
  'openspec/config.yaml': 'schema: spec-driven\n',
  'openspec/specs/auth/spec.md': GOOD_SPEC,
  'openspec/specs/billing/spec.md': GOOD_SPEC.replace('auth', 'billing'),
  'openspec/changes/add-x/.openspec.yaml': 'schema: spec-driven\n',
  'openspec/changes/add-x/tasks.md': md('## 1. Work', '- [ ] 1.1 Do it'),
  'openspec/changes/add-x/specs/auth/spec.md': md(
    '## ADDED Requirements',
    '### Requirement: New',
    'The system SHALL be new.',
    '#### Scenario: n',
    '- **WHEN** x',
    '- **THEN** y',
  ),
};

describe('validate --cache', () => {
  it('picks up a spec written into a folder that had none (folders without subfolders are probed)', () => {
    const root = tree({ 'openspec/specs/auth/spec.md': GOOD_SPEC, 'openspec/specs/later/notes.md': 'soon' });
    const cold = run(root, null);
    expect(cold.items.map((i) => i.id)).toEqual(['auth']);
    expect(run(root, cold.next).items.map((i) => i.id)).toEqual(['auth']);
    writeFileSync(join(root, 'openspec/specs/later/spec.md'), GOOD_SPEC);
    const warm = run(root, cold.next);
    expect(warm.items.map((i) => i.id)).toEqual(['auth', 'later']);
    expect(warm.memo.stats.specs).toEqual({ reused: 1, checked: 1 });
  });

  it('reports exactly what an uncached run reports, cold and warm, on messy trees', () => {
    for (const seed of [3, 17, 99]) {
      const root = tree({});
      randomTree(root, seed);
      const expected = plain(root);
      expect(expected.findings.length).toBeGreaterThan(20);
      const cold = run(root, null);
      expect({ items: cold.items, findings: cold.findings }).toEqual(expected);
      const warm = run(root, cold.next);
      expect({ items: warm.items, findings: warm.findings }).toEqual(expected);
      expect(JSON.stringify(warm.findings)).toBe(JSON.stringify(expected.findings));
      expect(warm.memo.stats.specs.checked + warm.memo.stats.changes.checked).toBe(0);
      expect(warm.memo.changed).toBe(false);
      // Strictness only decides validity, so the same cache serves both.
      const strict = run(root, cold.next, LATER(), { strict: true });
      expect({ items: strict.items, findings: strict.findings }).toEqual(plain(root, { strict: true }));
    }
  });

  it('reuses every record of the benchmark corpus on a second run', () => {
    const root = tree({});
    generateCorpus({ out: root, specs: 60, changes: 12, archived: 6, reqs: 5, scenarios: 2, seed: 1 });
    const cold = run(root, null);
    expect(cold.memo.stats).toEqual({
      specs: { reused: 0, checked: 60 },
      changes: { reused: 0, checked: 12 },
    });
    const warm = run(root, cold.next);
    expect(warm.memo.stats).toEqual({
      specs: { reused: 60, checked: 0 },
      changes: { reused: 12, checked: 0 },
    });
    expect({ items: warm.items, findings: warm.findings }).toEqual(plain(root));
  });

  it('rechecks a main spec edited in place with the same size and modification time', () => {
    const root = tree(SPEC_WITH_DELTA);
    pin(join(root, 'openspec/specs/billing/spec.md'));
    const cold = run(root, null);
    expect(cold.findings).toEqual([]);
    // "SHALL" becomes "shall": same length, and now a keyword warning.
    sameSizeEdit(join(root, 'openspec/specs/billing/spec.md'), 'SHALL', 'shall');
    const warm = run(root, cold.next);
    expect(warm.memo.stats.specs).toEqual({ reused: 1, checked: 1 });
    // billing is no change's target, so the change is reused.
    expect(warm.memo.stats.changes).toEqual({ reused: 1, checked: 0 });
    expect(warm.findings.map((f) => `${f.file} ${f.code}`)).toEqual([
      'openspec/specs/billing/spec.md openspec/requirement-no-shall',
    ]);
    expect({ items: warm.items, findings: warm.findings }).toEqual(plain(root));
  });

  it('rechecks a change when its delta, its metadata or the spec it targets changes', () => {
    const root = tree(SPEC_WITH_DELTA);
    const delta = join(root, 'openspec/changes/add-x/specs/auth/spec.md');
    pin(delta);
    let data = run(root, null).next;
    const step = (edit: () => void, specsChecked: number) => {
      edit();
      const r = run(root, data);
      expect(r.memo.stats.changes).toEqual({ reused: 0, checked: 1 });
      expect(r.memo.stats.specs.checked).toBe(specsChecked);
      expect({ items: r.items, findings: r.findings }).toEqual(plain(root));
      data = r.next;
      return r;
    };
    let r = step(() => sameSizeEdit(delta, 'SHALL', 'shall'), 0);
    expect(r.findings.map((f) => f.code)).toEqual(['openspec/requirement-no-shall']);
    // The target now has a requirement of the same name: ADDED collides with it.
    r = step(
      () =>
        writeFileSync(
          join(root, 'openspec/specs/auth/spec.md'),
          `${GOOD_SPEC}\n### Requirement: New\nThe system SHALL be old.\n\n#### Scenario: o\n- **WHEN** a\n- **THEN** b\n`,
        ),
      1,
    );
    expect(r.findings.map((f) => f.code)).toContain('openspec/added-exists');
    r = step(() => writeFileSync(join(root, 'openspec/changes/add-x/.openspec.yaml'), 'schema: custom\n'), 0);
    expect(r.findings.map((f) => f.code)).toContain('openspec/metadata-invalid');
    // A project schema appearing changes what every change means.
    r = step(() => {
      writeFileSync(join(root, 'openspec/changes/add-x/.openspec.yaml'), 'schema: spec-driven\n');
      const dir = join(root, 'openspec/schemas/custom');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'schema.yaml'), 'name: custom\n');
    }, 0);
  });

  it('sees a new change, a removed spec and a new spec', () => {
    const root = tree(SPEC_WITH_DELTA);
    const data = run(root, null).next;
    rmSync(join(root, 'openspec/specs/billing'), { recursive: true });
    writeFileSync(join(root, 'openspec/specs/auth/spec.md'), GOOD_SPEC);
    const files = {
      'openspec/changes/add-y/specs/auth/spec.md':
        SPEC_WITH_DELTA['openspec/changes/add-x/specs/auth/spec.md'],
      'openspec/specs/new/spec.md': '# no purpose\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    const r = run(root, data);
    expect({ items: r.items, findings: r.findings }).toEqual(plain(root));
    // Both changes ADD "New" to auth: the overlap is found although add-x came from the cache.
    expect(r.findings.filter((f) => f.code === 'openspec/change-overlap')).toHaveLength(2);
    expect(Object.keys(r.next!.specs).sort()).toEqual([
      'openspec/specs/auth/spec.md',
      'openspec/specs/new/spec.md',
    ]);
    expect(r.memo.changed).toBe(true);
  });

  it('does not keep results for files changed too recently to trust their timestamps', () => {
    const root = tree(SPEC_WITH_DELTA);
    // The run starts now: every file was written within the last two seconds.
    const cold = run(root, null, Date.now());
    expect(Object.keys(cold.next!.specs)).toEqual([]);
    expect(Object.keys(cold.next!.changes)).toEqual([]);
    const again = run(root, cold.next, Date.now());
    expect(again.memo.stats.specs).toEqual({ reused: 0, checked: 2 });
  });

  it('ignores a cache of another format or engine, and records that fail a shape check', () => {
    const root = tree(SPEC_WITH_DELTA);
    const good = run(root, null).next!;
    expect(parseCacheData('{"format":1', ENGINE)).toBeNull();
    expect(parseCacheData(JSON.stringify({ ...good, format: 0 }), ENGINE)).toBeNull();
    expect(parseCacheData(JSON.stringify(good), cacheEngine('other'))).toBeNull();
    expect(parseCacheData('[]', ENGINE)).toBeNull();
    // Records that do not look right are recomputed, not trusted and not fatal.
    const bad: CacheData = JSON.parse(JSON.stringify(good));
    const spec = 'openspec/specs/auth/spec.md';
    bad.specs[spec] = [bad.specs[spec]![0], [{ code: 1 } as never]];
    bad.changes['add-x'] = [bad.changes['add-x']![0], 'oops' as never, []];
    bad.specs['openspec/specs/ghost/spec.md'] = ['1:2:3:4'];
    // A change folder may be called anything, even a name every object inherits.
    const inherited: string = 'constructor';
    bad.changes[inherited] = ['k', [], []];
    const r = run(root, bad);
    expect(r.memo.stats).toEqual({ specs: { reused: 1, checked: 1 }, changes: { reused: 0, checked: 1 } });
    expect({ items: r.items, findings: r.findings }).toEqual(plain(root));
    expect(r.next).toEqual(good);
  });

  it('remembers changes whatever their folder is called', () => {
    const delta = SPEC_WITH_DELTA['openspec/changes/add-x/specs/auth/spec.md'];
    const root = tree({
      'openspec/specs/auth/spec.md': GOOD_SPEC,
      'openspec/changes/__proto__/specs/auth/spec.md': delta,
      'openspec/changes/constructor/specs/auth/spec.md': delta.replace('New', 'Newer'),
    });
    const cold = run(root, null);
    expect(Object.keys(cold.next!.changes).sort()).toEqual(['__proto__', 'constructor']);
    const warm = run(root, cold.next);
    expect(warm.memo.stats.changes).toEqual({ reused: 2, checked: 0 });
    expect({ items: warm.items, findings: warm.findings }).toEqual(plain(root));
  });

  it('keeps the records of items a selective run did not look at', () => {
    const root = tree(SPEC_WITH_DELTA);
    const full = run(root, null).next!;
    const only = run(root, full, LATER(), { only: ['auth'] });
    expect(only.items.map((i) => i.id)).toEqual(['auth']);
    expect(only.next).toEqual(full);
  });
});

describe('cacheEngine', () => {
  it('changes with the version and stays stable otherwise', () => {
    expect(cacheEngine('1.0.0')).toBe(cacheEngine('1.0.0'));
    expect(cacheEngine('1.0.0')).not.toBe(cacheEngine('1.0.1'));
  });
});
