import { describe, expect, it } from 'vitest';
import { lintDocs, summarize } from '../../../src/domain/lint/index.js';
import { codesOf, docSet, lintFiles, md, parse } from '../docs/helpers.js';

const proposal = (id: string, status: string, extra = '') => md`
  ---
  status: ${status}
  date: 2024-01-15
  authors: []
  reviewers: []
  ${extra}
  ---
  # ${id}: P

  ## Problem Statement

  Why.

  ## Goals

  - Goal

  ## Non-Goals

  - None

  ## Proposed Direction

  ### Option 1: Only

  **Pros:**
  - Good

  **Cons:**
  - Bad

  ## Recommendation

  Only.
`;

const spec = (id: string, fm: string, reqs = '') => md`
  ---
  ${fm}
  date: 2024-02-01
  authors: []
  reviewers: []
  ---
  # ${id}: S

  ## Overview

  Text.

  ## Requirements

  ${reqs || '### Requirement: R\n**ID:** REQ-001\n\nThe system SHALL r.\n\n#### Scenario: S\n- **GIVEN** g\n- **WHEN** w\n- **THEN** t\n'}
`;

const P1 = { 'docs/proposals/PROP-0001-p.md': proposal('PROP-0001', 'approved') };

describe('frontmatter rules', () => {
  it.each([
    ['2024-1-5', true],
    ['15/01/2024', true],
    ['2023-02-29', true],
    ['2024-02-29', false],
    ['20240115', true],
    ["'2024-01-15'", false],
  ])('date %s is bad: %s', (date, bad) => {
    const f = lintFiles({
      'docs/proposals/PROP-0002-p.md': proposal('PROP-0002', 'draft').replace('2024-01-15', date),
    });
    expect(codesOf(f).includes('frontmatter/bad-date@3:1')).toBe(bad);
  });

  it('checks the type of single-value and list fields', () => {
    const f = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: draft\nimplements: [PROP-0001]\nimplementations: org/x\ndepends_on: {a: 1}',
      ).replace('reviewers: []', 'reviewers: [1, 2]'),
    });
    expect(codesOf(f, 'docs/specs/SPEC-0001-s.md').sort()).toEqual([
      'frontmatter/bad-type@3:1',
      'frontmatter/bad-type@4:1',
      'frontmatter/bad-type@5:1',
      'frontmatter/bad-type@8:1',
    ]);
  });

  it('checks every implementation entry and points at it', () => {
    const f = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        [
          'status: draft',
          'implements: PROP-0001',
          'implementations:',
          '  - org/plain',
          '  - repo: org/ok',
          '    status: done',
          '  - 42',
          '  - repo: org/ok2',
          '    owner: me',
        ].join('\n'),
      ),
    });
    expect(codesOf(f, 'docs/specs/SPEC-0001-s.md')).toEqual([
      'frontmatter/bad-implementation@6:5',
      'frontmatter/bad-implementation@8:5',
      'frontmatter/unknown-field@9:5',
    ]);
  });

  it('accepts "status: superseded by ID" only for kinds that can be superseded', () => {
    const f = lintFiles({
      ...P1,
      'docs/proposals/PROP-0002-p.md': proposal('PROP-0002', 'superseded by PROP-0001'),
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: superseded by SPEC-0002\nimplements: PROP-0001\nimplementations: []',
      ),
      'docs/specs/SPEC-0002-s.md': spec(
        'SPEC-0002',
        'status: draft\nimplements: PROP-0001\nimplementations: []',
      ),
    });
    expect(codesOf(f, 'docs/proposals/PROP-0002-p.md')).toEqual([]);
    expect(codesOf(f, 'docs/specs/SPEC-0001-s.md')).toEqual(['frontmatter/bad-status@2:1']);
  });

  it('checks standard gitignore and scaffold shapes', () => {
    const std = (extra: string) => md`
      ---
      status: draft
      date: 2024-01-10
      applies-to: services
      authors: []
      reviewers: []
      ${extra}
      ---
      # STD-0001: S

      ## Overview

      x

      ## Standard

      ### A

      #### MUST

      - y
    `;
    const codes = (extra: string) => codesOf(lintFiles({ 'docs/standards/STD-0001-s.md': std(extra) }));
    expect(codes('gitignore: node_modules/')).toEqual(['frontmatter/bad-type@7:1']);
    expect(codes('scaffold: [a]')).toEqual(['frontmatter/bad-scaffold@7:1']);
    expect(codes('scaffold:\n  directories: src/')).toEqual(['frontmatter/bad-scaffold@7:1']);
    expect(codes('scaffold:\n  files: {path: a}')).toEqual(['frontmatter/bad-scaffold@7:1']);
    expect(codes('scaffold:\n  files:\n    - path: a')).toEqual(['frontmatter/bad-scaffold@7:1']);
    expect(codes('scaffold:\n  files:\n    - path: /etc/passwd\n      content: x')).toEqual([
      'frontmatter/bad-scaffold@7:1',
    ]);
    expect(
      codes(
        'gitignore: []\nscaffold:\n  directories: [src/]\n  files:\n    - path: a/b.txt\n      content: ""',
      ),
    ).toEqual([]);
  });
});

describe('status rules', () => {
  it('tells when an approved spec has every implementation complete (info)', () => {
    const f = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: approved\nimplements: PROP-0001\nimplementations:\n  - repo: org/a\n    status: complete',
      ),
    });
    expect(f.filter((x) => x.severity === 'info').map((x) => x.code)).toEqual([
      'status/ready-to-implemented',
    ]);
  });

  it('reports an implemented spec without implementations, and an approved one as an orphan', () => {
    const f = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: implemented\nimplements: PROP-0001\nimplementations: []',
      ),
      'docs/specs/SPEC-0002-s.md': spec(
        'SPEC-0002',
        'status: approved\nimplements: PROP-0001\nimplementations: []',
      ),
    });
    expect(f.find((x) => x.code === 'status/implemented-incomplete')?.message).toBe(
      'SPEC-0001 is implemented but lists no implementations',
    );
    expect(f.filter((x) => x.file === 'docs/specs/SPEC-0002-s.md').map((x) => x.code)).toEqual([
      'orphan/spec-without-implementation',
    ]);
  });

  it('reports an approved proposal without a spec, and a dependency without implementation, as info', () => {
    const f = lintFiles({
      'docs/proposals/PROP-0001-p.md': proposal('PROP-0001', 'approved'),
      'docs/proposals/PROP-0002-p.md': proposal('PROP-0002', 'approved'),
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: draft\nimplements: PROP-0001\nimplementations: []\ndepends_on: [SPEC-0002]',
      ),
      'docs/specs/SPEC-0002-s.md': spec(
        'SPEC-0002',
        'status: draft\nimplements: PROP-0001\nimplementations: []',
      ),
    });
    expect(f.filter((x) => x.severity === 'info').map((x) => `${x.file} ${x.code}`)).toEqual([
      'docs/proposals/PROP-0002-p.md orphan/proposal-without-spec',
      'docs/specs/SPEC-0001-s.md orphan/dependency-unimplemented',
    ]);
    expect(codesOf(f)).toEqual([]);
  });

  it('reports wrong-kind references for every ref kind', () => {
    const f = lintFiles({
      ...P1,
      'docs/standards/STD-0001-s.md': '---\nstatus: draft\n---\n# STD-0001: S\n',
      'docs/specs/SPEC-0001-s.md': spec(
        'SPEC-0001',
        'status: draft\nimplements: PROP-0001\nimplementations: []\ndepends_on: [PROP-0001]\nstandards: [SPEC-0001]',
      ),
    });
    expect(f.filter((x) => x.code === 'ref/wrong-kind').map((x) => x.message)).toEqual([
      '"depends_on" must name a spec or extension, but PROP-0001 is a proposal',
      '"standards" must name a standard, but SPEC-0001 is a spec',
    ]);
  });

  it('reports a gap in document numbers as info only', () => {
    const f = lintFiles({ ...P1, 'docs/proposals/PROP-0004-p.md': proposal('PROP-0004', 'draft') });
    expect(f.filter((x) => x.code === 'naming/number-gap')).toEqual([
      expect.objectContaining({
        severity: 'info',
        file: 'docs/proposals/PROP-0004-p.md',
        message: 'Numbering of proposals jumps from 1 to 4',
      }),
    ]);
  });
});

describe('lintDocs options and summary', () => {
  const docs = [
    parse('docs/proposals/PROP-0001-p.md', proposal('PROP-0001', 'approved')),
    parse(
      'docs/specs/SPEC-0001-s.md',
      spec('SPEC-0001', 'status: draft\nimplements: PROP-0009\nimplementations: []'),
    ),
    parse(
      'docs/specs/SPEC-0002-s.md',
      spec('SPEC-0002', 'status: Draft\nimplements: PROP-0001\nimplementations: []'),
    ),
  ];

  it('limits the report to some files but resolves references against all', () => {
    const all = lintDocs(docSet(docs));
    const only = lintDocs(docSet(docs), { only: new Set(['docs/specs/SPEC-0002-s.md']) });
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((f) => f.file === 'docs/specs/SPEC-0002-s.md')).toBe(true);
    expect(only).toEqual(all.filter((f) => f.file === 'docs/specs/SPEC-0002-s.md'));
  });

  it('counts by severity, sorts by file, line and column, and is ok only without errors (and warnings under strict)', () => {
    const findings = lintDocs(docSet(docs));
    const r = summarize([...findings].reverse(), docs.length, false);
    expect(r.summary).toEqual({
      documents: 3,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
    });
    expect(r.summary.errors).toBe(1);
    expect(r.ok).toBe(false);
    const keys = r.findings.map((f) => [f.file, f.line ?? 0, f.column ?? 0] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2],
    );
    expect(keys).toEqual(sorted);
    const warningsOnly = findings.filter((f) => f.severity !== 'error');
    expect(summarize([...warningsOnly], 3, false).ok).toBe(true);
    expect(summarize([...warningsOnly], 3, true).ok).toBe(false);
    expect(
      summarize(
        warningsOnly.filter((f) => f.severity === 'info'),
        3,
        true,
      ).ok,
    ).toBe(true);
  });
});

describe('control characters in titles', () => {
  it('flags each title and requirement name that has one, where it is written', () => {
    const f = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec('SPEC-0001', 'status: draft\nimplements: PROP-0001\ntitle: "S\\e[2J"')
        .replace('# SPEC-0001: S', '# SPEC-0001: S\u0000')
        .replace('### Requirement: R', '### Requirement: R\u009b'),
    });
    const found = f.filter((x) => x.code === 'title/control-character');
    expect(
      [...found].sort((a, b) => a.line! - b.line!).map((x) => `${x.line}:${x.column} ${x.message}`),
    ).toEqual([
      '4:1 Frontmatter title contains the control character U+001B',
      '9:3 Title contains the control character U+0000',
      '17:5 Requirement "R\u009b" contains the control character U+009B',
    ]);
    expect(found.every((x) => x.severity === 'warning' && x.hint?.includes('\\u escapes'))).toBe(true);
    // Tabs and ordinary text are fine.
    const ok = lintFiles({
      ...P1,
      'docs/specs/SPEC-0001-s.md': spec('SPEC-0001', 'status: draft\nimplements: PROP-0001').replace(
        '# SPEC-0001: S',
        '# SPEC-0001: S\tÜber 監視',
      ),
    });
    expect(codesOf(ok).filter((c) => c.startsWith('title/control'))).toEqual([]);
  });
});
