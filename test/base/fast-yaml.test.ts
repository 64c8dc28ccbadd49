import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFrontmatterFast } from '../../src/base/fast-yaml.js';
import { type Frontmatter, keyPosition, parseYamlBlock } from '../../src/domain/markdown/index.js';

// The library's reading of the same text, with the fast path out of the way: the frontmatter object
// the fast path returns builds its tree on demand, and keyPosition walks the tree when positions are
// absent.
function libraryView(fm: Frontmatter): Frontmatter {
  const { positions: _ignored, ...rest } = { ...fm, doc: fm.doc, lineCounter: fm.lineCounter };
  return rest;
}

const word = fc.constantFrom(
  'id',
  'title',
  'status',
  'date',
  'depends_on',
  'implementations',
  'repo',
  'link',
);
const chars = fc.constantFrom(
  ...'abcXYZ019 -_./:#,[]{}\'"!&*%@`|>?~=\\\t'.split(''),
  'é',
  '日',
  '—',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\ufeff',
  '😀',
);
const text = fc.array(chars, { maxLength: 12 }).map((a) => a.join(''));
const scalar = fc.oneof(
  fc.constantFrom(
    'PROP-0001',
    'SPEC-0002',
    'draft',
    '2026-12-05',
    'true',
    'Null',
    'yes',
    '~',
    '1.5',
    '12',
    '0',
    '7',
    '012',
    '-3',
    '+4',
    '1_000',
    '0x1f',
    '1e3',
    '123456789012345678',
    'a:b',
    'a: b',
    './runner-infra',
    '../x/y',
    './',
    '.inf',
    '.5',
    '..',
    './a: b',
    './a #b',
  ),
  text.map((t) => `A${t}`),
  text,
  text.map((t) => `"${t}"`),
  text.map((t) => `'${t}'`),
);
const flow = fc.array(scalar, { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`);
const indent = fc.constantFrom('', '  ', '    ');
const blank = fc.constantFrom('', '# note', '  # note', '   ');
const trailing = fc.constantFrom('', ' ', '  ', ' # c');

const entry = fc.oneof(
  fc.tuple(word, scalar, trailing).map(([k, v, t]) => `${k}: ${v}${t}`),
  fc.tuple(word, flow).map(([k, v]) => `${k}: ${v}`),
  fc
    .tuple(word, indent, fc.array(scalar, { minLength: 1, maxLength: 3 }))
    .map(([k, ind, xs]) => `${k}:\n${xs.map((x) => `${ind}- ${x}`).join('\n')}`),
  fc
    .tuple(
      word,
      indent,
      fc.array(fc.array(fc.tuple(word, scalar), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
    )
    .map(
      ([k, ind, maps]) =>
        `${k}:\n${maps
          .map((pairs) =>
            pairs.map(([pk, pv], i) => `${i === 0 ? `${ind}- ` : `${ind}  `}${pk}: ${pv}`).join('\n'),
          )
          .join('\n')}`,
    ),
  fc
    .tuple(
      word,
      fc.array(fc.tuple(fc.constantFrom('  ', '  ', ' ', '   '), word, fc.oneof(scalar, flow)), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([k, pairs]) => `${k}:\n${pairs.map(([ind, pk, pv]) => `${ind}${pk}: ${pv}`).join('\n')}`),
  fc.tuple(word, indent, text).map(([k, ind, t]) => `${k}:\n${ind}${t}`),
  fc.tuple(word).map(([k]) => `${k}:`),
  blank,
);
const yamlText = fc
  .tuple(fc.array(entry, { maxLength: 6 }), fc.boolean())
  .map(([lines, crlf]) => `${lines.join('\n')}\n`.replace(/\n/g, crlf ? '\r\n' : '\n'));
const path = fc.array(fc.oneof(word, fc.nat({ max: 3 })), { minLength: 1, maxLength: 3 });

describe('fast frontmatter reading', () => {
  it('reads the common frontmatter itself', () => {
    const fast = parseFrontmatterFast(
      'id: SPEC-0001\ntitle: Runner Infrastructure\nstatus: draft\ndate: 2026-12-05\nimplements: PROP-0001\n' +
        'implementations:\n  - repo: github/runner-infra\n    status: planned\n    link: ./runner-infra\nauthors:\n  - "@platform-team"\n' +
        "reviewers: []\ndepends_on: [SPEC-0002, 'SPEC-0003']\n",
    );
    expect(fast?.data).toEqual({
      id: 'SPEC-0001',
      title: 'Runner Infrastructure',
      status: 'draft',
      date: '2026-12-05',
      implements: 'PROP-0001',
      implementations: [{ repo: 'github/runner-infra', status: 'planned', link: './runner-infra' }],
      authors: ['@platform-team'],
      reviewers: [],
      depends_on: ['SPEC-0002', 'SPEC-0003'],
    });
  });

  it("reads a map of scalars and flow lists under a key, as a standard's scaffold", () => {
    const fast = parseFrontmatterFast(
      'scaffold:\n  directories: ["cmd/", "internal/"]\n  kind: go\nid: STD-0001\n',
    );
    expect(fast?.data).toEqual({
      scaffold: { directories: ['cmd/', 'internal/'], kind: 'go' },
      id: 'STD-0001',
    });
    expect(fast?.positions.get('scaffold\u0000directories\u00001')).toEqual({ line: 2, column: 25 });
  });

  it('reads the settings papertrail init writes, whole numbers included', () => {
    const fast = parseFrontmatterFast(
      '# Papertrail workspace settings.\nversion: 1\ndocs: docs\nforge: local\nrepo: acme/shop\n' +
        'ids:\n  proposal: PROP\n  spec: SPEC\nauthors:\n  - "@ana"\nops:\n  pollSeconds: 0\n',
    );
    expect(fast?.data).toEqual({
      version: 1,
      docs: 'docs',
      forge: 'local',
      repo: 'acme/shop',
      ids: { proposal: 'PROP', spec: 'SPEC' },
      authors: ['@ana'],
      ops: { pollSeconds: 0 },
    });
  });

  it('leaves what it does not know to the YAML library', () => {
    for (const t of [
      'a: |\n  x\n',
      'a:\n  b:\n    c: d\n',
      'a:\n  b: c\n   d: e\n',
      'a: &x y\n',
      'a: "\\n"\n',
      'a: 012\n',
      'a: -1\n',
      'a: 1e3\n',
      'a: 0x1f\n',
      'a: 1234567890123456\n',
      'a: .5\n',
      'a: .inf\n',
      'a: b # c\n',
      'a: b\na: c\n',
    ])
      expect(parseFrontmatterFast(t), t).toBeNull();
  });

  it("gives the YAML library's data and key positions whenever it reads a text", () => {
    let read = 0;
    fc.assert(
      fc.property(yamlText, fc.array(path, { maxLength: 6 }), (t, paths) => {
        const fm = parseYamlBlock(t, 0, t.length, 0);
        const lib = libraryView(fm);
        if (!fm.positions) return;
        read++;
        expect(lib.doc.errors).toEqual([]);
        expect(fm.problems).toEqual([]);
        expect(fm.data).toStrictEqual(lib.doc.toJS() ?? {});
        for (const p of [...paths, ...[...fm.positions.keys()].map((k) => k.split('\u0000'))]) {
          const typed = p.map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s));
          expect(keyPosition(fm, typed), JSON.stringify(typed)).toEqual(keyPosition(lib, typed));
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the fast path often, or this test would check nothing.
    expect(read).toBeGreaterThan(600);
  });
});
