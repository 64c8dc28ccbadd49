import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idScheme, loadDocs } from '../../../src/domain/docs/index.js';
import type { Finding } from '../../../src/domain/findings/index.js';
import { CATALOG, lintDocs } from '../../../src/domain/lint/index.js';

const CORPUS = join(import.meta.dirname, '../../fixtures/broken');

/**
 * Every file of the broken corpus: the exact error and warning codes it must produce (infos are
 * left out), and the line of its main finding (null: a file-level finding without a line).
 * Each broken file is named for the code it triggers; the others are valid neighbours.
 */
const EXPECTED: Record<string, { codes: string[]; line?: number | null }> = {
  'proposals/PROP-0001-approved-neighbour.md': { codes: [] },
  'proposals/PROP-0002-draft-neighbour.md': { codes: [] },
  'proposals/PROP-0003-rejected-neighbour.md': { codes: [] },
  'proposals/PROP-0004-frontmatter-unknown-field.md': { codes: ['frontmatter/unknown-field'], line: 6 },
  'proposals/PROP-0005-frontmatter-bad-status.md': { codes: ['frontmatter/bad-status'], line: 2 },
  'proposals/PROP-0006-status-superseded-without-successor.md': {
    codes: ['status/superseded-without-successor'],
    line: 2,
  },
  'proposals/PROP-0007-section-missing.md': { codes: ['section/missing'], line: 8 },
  'proposals/PROP-0008-id-mismatch.md': { codes: ['id/mismatch'], line: 8 },
  'proposals/PROP-0009-ref-broken-superseded-by.md': { codes: ['ref/broken'], line: 6 },
  'proposals/PROP-0010-proposal-option-pros-cons.md': { codes: ['proposal/option-pros-cons'], line: 24 },
  'proposals/PROP-0011-frontmatter-status-case.md': { codes: ['frontmatter/status-case'], line: 2 },
  'proposals/PROP-0012-title-mismatch.md': { codes: ['title/mismatch'], line: 9 },
  'proposals/PROP-0013-section-empty.md': { codes: ['section/empty'], line: 14 },
  'proposals/PROP-0014-frontmatter-yaml-syntax.md': { codes: ['frontmatter/yaml-syntax'], line: 5 },
  'proposals/PROP-0015-frontmatter-duplicate-key.md': { codes: ['frontmatter/duplicate-key'], line: 5 },
  'proposals/PROP-0016-frontmatter-unclosed.md': { codes: ['frontmatter/unclosed'], line: 1 },
  'proposals/PROP-0017-frontmatter-missing.md': { codes: ['frontmatter/missing'], line: 1 },
  'proposals/PROP-0018-frontmatter-bad-date.md': { codes: ['frontmatter/bad-date'], line: 3 },
  'proposals/PROP-0019-frontmatter-required-field.md': { codes: ['frontmatter/required-field'], line: 1 },
  'proposals/PROP-0020-title-missing.md': { codes: ['title/missing'], line: 7 },
  'proposals/PROP-0021-frontmatter-not-a-map.md': { codes: ['frontmatter/not-a-map'], line: 2 },
  'proposals/PROP-0022-frontmatter-bad-type.md': { codes: ['frontmatter/bad-type'], line: 4 },
  'proposals/PROP-0023-id-mismatch-frontmatter.md': { codes: ['id/mismatch'], line: 3 },
  'specs/SPEC-0001-base-neighbour.md': { codes: [] },
  'specs/SPEC-0001-EXT-0001-valid-extension.md': { codes: [] },
  'specs/SPEC-0001-EXT-0002-override-target-missing.md': { codes: ['override/target-missing'], line: 18 },
  'specs/SPEC-0001-EXT-0003-extension-override-without-target.md': {
    codes: ['extension/override-without-target'],
    line: 18,
  },
  'specs/SPEC-0001-EXT-0004-id-extends-mismatch.md': { codes: ['id/extends-mismatch'], line: 4 },
  'specs/SPEC-0001-EXT-0005-section-missing.md': { codes: ['section/missing', 'requirement/none'], line: 10 },
  'specs/SPEC-0001-EXT-0006-frontmatter-required-field.md': {
    codes: ['frontmatter/required-field'],
    line: 1,
  },
  'specs/SPEC-0001-EXT-0007-extension-override-duplicate.md': {
    codes: ['extension/override-duplicate'],
    line: 18,
  },
  'specs/SPEC-0002-frontmatter-bad-implementation.md': { codes: ['frontmatter/bad-implementation'], line: 8 },
  'specs/SPEC-0003-id-duplicate-a.md': { codes: [] },
  'specs/SPEC-0003-id-duplicate-b.md': { codes: ['id/duplicate'], line: 1 },
  'specs/SPEC-0004-requirement-duplicate-name.md': { codes: ['requirement/duplicate-name'], line: 31 },
  'specs/SPEC-0005-requirement-duplicate-id.md': { codes: ['requirement/duplicate-id'], line: 32 },
  'specs/SPEC-0006-requirement-bad-id.md': { codes: ['requirement/bad-id'], line: 21 },
  'specs/SPEC-0007-requirement-no-shall.md': { codes: ['requirement/no-shall'], line: 23 },
  'specs/SPEC-0008-requirement-no-statement.md': { codes: ['requirement/no-statement'], line: 20 },
  'specs/SPEC-0009-requirement-no-scenario.md': { codes: ['requirement/no-scenario'], line: 20 },
  'specs/SPEC-0010-scenario-missing-step.md': { codes: ['scenario/missing-step'], line: 25 },
  'specs/SPEC-0011-scenario-empty-step.md': { codes: ['scenario/empty-step'], line: 28 },
  'specs/SPEC-0012-scenario-step-order.md': { codes: ['scenario/step-order'], line: 29 },
  'specs/SPEC-0013-requirement-outside-section.md': { codes: ['requirement/outside-section'], line: 33 },
  'specs/SPEC-0014-ref-broken-implements.md': { codes: ['ref/broken'], line: 4 },
  'specs/SPEC-0015-ref-broken-depends-on.md': { codes: ['ref/broken'], line: 11 },
  'specs/SPEC-0016-ref-broken-requirement-depends-on.md': { codes: ['ref/broken'], line: 33 },
  'specs/SPEC-0017-ref-wrong-kind.md': { codes: ['ref/wrong-kind'], line: 4 },
  'specs/SPEC-0018-graph-cycle-requirements.md': { codes: ['graph/cycle'], line: 22 },
  'specs/SPEC-0019-graph-cycle-specs.md': { codes: ['graph/cycle'], line: 11 },
  'specs/SPEC-0020-graph-cycle-partner.md': { codes: [] },
  'specs/SPEC-0021-status-ahead-of-proposal.md': { codes: ['status/ahead-of-proposal'], line: 4 },
  'specs/SPEC-0022-status-implemented-incomplete.md': { codes: ['status/implemented-incomplete'], line: 2 },
  'specs/SPEC-0023-status-implements-rejected.md': { codes: ['status/implements-rejected'], line: 4 },
  'specs/SPEC-0024-frontmatter-required-field.md': { codes: ['frontmatter/required-field'], line: 1 },
  'specs/SPEC-0025-scenario-missing-given.md': { codes: ['scenario/missing-given'], line: 25 },
  'specs/SPEC-0026-EXT-0001-status-ahead-of-base.md': { codes: ['status/ahead-of-base'], line: 4 },
  'specs/SPEC-0026-requirement-missing-id.md': { codes: ['requirement/missing-id'], line: 20 },
  'specs/SPEC-0028-ref-broken-spec-dependencies.md': { codes: ['ref/broken'], line: 33 },
  'specs/SPEC-0029-section-missing.md': { codes: ['section/missing'], line: 12 },
  'specs/SPEC-0030-file-not-utf8.md': { codes: ['file/not-utf8'], line: 3 },
  'specs/SPEC-0031-deprecated-neighbour.md': { codes: [] },
  'specs/SPEC-0031-EXT-0001-status-extends-deprecated.md': { codes: ['status/extends-deprecated'], line: 4 },
  'specs/SPEC-0032-status-depends-on-deprecated.md': { codes: ['status/depends-on-deprecated'], line: 10 },
  'specs/SPEC-0033-requirement-none.md': { codes: ['requirement/none'], line: 12 },
  'specs/SPEC-0034-scenario-no-steps.md': { codes: ['scenario/no-steps'], line: 25 },
  'specs/SPEC-0035-scenario-duplicate-name.md': { codes: ['scenario/duplicate-name'], line: 31 },
  'specs/SPEC-0036-requirement-no-name.md': { codes: ['requirement/no-name'], line: 20 },
  'specs/SPEC-0037-scenario-no-name.md': { codes: ['scenario/no-name'], line: 25 },
  'specs/SPEC-0038-frontmatter-missing-people.md': { codes: ['frontmatter/missing-people'], line: 1 },
  'specs/SPEC-0039-frontmatter-missing-implementations.md': {
    codes: ['frontmatter/missing-implementations'],
    line: 1,
  },
  'specs/SPEC-0090-EXT-0001-ref-broken-extends.md': { codes: ['ref/broken'], line: 4 },
  'specs/spec-naming-file-pattern.md': { codes: ['naming/file-pattern'], line: null },
  'standards/SPEC-0027-naming-wrong-folder.md': { codes: ['naming/wrong-folder'], line: 1 },
  'standards/STD-0001-valid-standard.md': { codes: [] },
  'standards/STD-0002-frontmatter-bad-scaffold.md': { codes: ['frontmatter/bad-scaffold'], line: 7 },
  'standards/STD-0003-frontmatter-required-field.md': { codes: ['frontmatter/required-field'], line: 1 },
  'standards/STD-0004-frontmatter-bad-status.md': { codes: ['frontmatter/bad-status'], line: 2 },
};

/** Written at test time: fixtures stay UTF-8 text. 0xFF on line 3, after "title: café ". */
const NOT_UTF8 = Buffer.concat([
  Buffer.from('---\nstatus: draft\ntitle: café ', 'utf8'),
  Buffer.from([0xff]),
  Buffer.from('\n---\n# SPEC-0030: Latin-1\n', 'utf8'),
]);

let root: string;
let findings: Finding[];
let byFile: Map<string, Finding[]>;
let loadedFiles: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pt-broken-'));
  cpSync(CORPUS, root, { recursive: true });
  writeFileSync(join(root, 'docs/specs/SPEC-0030-file-not-utf8.md'), NOT_UTF8);
  const set = loadDocs(root, join(root, 'docs'), idScheme());
  loadedFiles = [...set.docs.map((d) => d.file), ...set.problems.map((p) => p.file)];
  findings = lintDocs(set);
  byFile = new Map();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const shown = (fs: Finding[] | undefined) =>
  (fs ?? [])
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

describe('broken corpus', () => {
  it('has at least 25 broken cases, and a table entry for every file', () => {
    const onDisk = ['proposals', 'specs', 'standards']
      .flatMap((d) => readdirSync(join(CORPUS, 'docs', d)).map((f) => `${d}/${f}`))
      .concat('specs/SPEC-0030-file-not-utf8.md')
      .sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(onDisk);
    expect(loadedFiles.map((f) => f.replace(/^docs\//, '')).sort()).toEqual(onDisk);
    expect(Object.values(EXPECTED).filter((e) => e.codes.length > 0).length).toBeGreaterThanOrEqual(25);
  });

  it.each(Object.entries(EXPECTED))('%s gives exactly its expected codes', (rel, want) => {
    const got = shown(byFile.get(`docs/${rel}`));
    expect(got.map((f) => f.code)).toEqual([...want.codes].sort());
    if (want.codes.length === 0) return;
    const main = got.find((f) => f.code === want.codes[0])!;
    expect(main.line ?? null).toBe(want.line);
    if (main.line !== undefined) expect(main.column).toBeGreaterThanOrEqual(1);
    expect(main.severity).toBe(CATALOG[main.code]?.severity);
    expect(main.message.length).toBeGreaterThan(10);
    expect(main.hint).toBeTruthy();
  });

  it('names each broken file after the code it triggers', () => {
    for (const [rel, want] of Object.entries(EXPECTED)) {
      if (want.codes.length === 0) continue;
      const slug = want.codes[0]!.replace('/', '-');
      expect(rel, rel).toContain(slug);
    }
  });

  it('suggests the closest existing target for broken references', () => {
    const hint = (rel: string) =>
      byFile
        .get(`docs/${rel}`)!
        .find((f) => f.code.endsWith('broken') || f.code === 'override/target-missing')!.hint;
    expect(hint('specs/SPEC-0016-ref-broken-requirement-depends-on.md')).toBe('Did you mean "Login"?');
    expect(hint('specs/SPEC-0001-EXT-0002-override-target-missing.md')).toBe('Did you mean "Monitoring"?');
    expect(hint('specs/SPEC-0014-ref-broken-implements.md')).toMatch(/^Did you mean "PROP-0001"/);
    expect(hint('specs/SPEC-0015-ref-broken-depends-on.md')).toMatch(/^Did you mean "SPEC-0001"/);
    const msg = byFile.get('docs/specs/SPEC-0016-ref-broken-requirement-depends-on.md')![0]!.message;
    expect(msg).toBe('SPEC-0016/REQ-002 depends on requirement "Logn", which does not exist');
  });

  it('locates the non-UTF-8 byte and reads no document from that file', () => {
    const f = byFile.get('docs/specs/SPEC-0030-file-not-utf8.md')!;
    expect(f).toEqual([
      expect.objectContaining({ code: 'file/not-utf8', severity: 'error', line: 3, column: 13 }),
    ]);
    expect(f[0]!.message).toContain('offset 31');
  });

  it('names both members of a cycle in its message', () => {
    const c = byFile.get('docs/specs/SPEC-0019-graph-cycle-specs.md')!.find((f) => f.code === 'graph/cycle')!;
    expect(c.message).toBe('Spec dependency cycle: SPEC-0019 → SPEC-0020 → SPEC-0019');
    const r = byFile
      .get('docs/specs/SPEC-0018-graph-cycle-requirements.md')!
      .find((f) => f.code === 'graph/cycle')!;
    expect(r.message).toBe(
      'Requirement dependency cycle: SPEC-0018/REQ-001 → SPEC-0018/REQ-002 → SPEC-0018/REQ-001',
    );
  });

  it('points a duplicate ID at the document that used it first', () => {
    const d = byFile.get('docs/specs/SPEC-0003-id-duplicate-b.md')!.find((f) => f.code === 'id/duplicate')!;
    expect(d.related).toEqual([
      {
        file: 'docs/specs/SPEC-0003-id-duplicate-a.md',
        line: 1,
        column: 1,
        message: 'first use of SPEC-0003',
      },
    ]);
  });

  it('uses only catalogued codes, at their catalogued severity', () => {
    for (const f of findings) {
      expect(CATALOG[f.code], f.code).toBeDefined();
      expect(f.severity, f.code).toBe(CATALOG[f.code]!.severity);
    }
  });

  it('reports the same findings on every run, in a stable order', () => {
    const again = lintDocs(loadDocs(root, join(root, 'docs'), idScheme()));
    expect(again).toEqual(findings);
  });
});
