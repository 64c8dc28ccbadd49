import { describe, expect, it } from 'vitest';
import { keyPosition, readFrontmatter } from '../../../src/domain/markdown/index.js';

const fm = (s: string) => {
  const f = readFrontmatter(s);
  if (!f) throw new Error('expected frontmatter');
  return f;
};

describe('readFrontmatter', () => {
  it('returns null when the file does not start with ---', () => {
    expect(readFrontmatter('# Title\n---\na: 1\n---\n')).toBeNull();
    expect(readFrontmatter('\n---\na: 1\n---\n')).toBeNull();
    expect(readFrontmatter('--- not a fence\na: 1\n---\n')).toBeNull();
    expect(readFrontmatter('---')).toBeNull();
  });

  it('parses the YAML between the fences, with offsets and the first body line', () => {
    const src = '---\nstatus: draft\nauthors:\n  - a\n---\n# T\n';
    const f = fm(src);
    expect(f.problems).toEqual([]);
    expect(f.data).toEqual({ status: 'draft', authors: ['a'] });
    expect(f.text).toBe('status: draft\nauthors:\n  - a\n');
    expect(src.slice(f.start, f.end)).toBe(f.text);
    expect(f.firstLine).toBe(2);
    expect(f.bodyLineIndex).toBe(5);
  });

  it('accepts "..." as the closing fence and trailing spaces after the opening fence', () => {
    const f = fm('---  \na: 1\n...\nbody');
    expect(f.data).toEqual({ a: 1 });
    expect(f.bodyLineIndex).toBe(3);
  });

  it('reads CRLF frontmatter the same way', () => {
    const f = fm('---\r\nstatus: draft\r\nlist: [a, b]\r\n---\r\n# T\r\n');
    expect(f.problems).toEqual([]);
    expect(f.data).toEqual({ status: 'draft', list: ['a', 'b'] });
    expect(f.bodyLineIndex).toBe(4);
  });

  it('skips a byte-order mark before the opening fence', () => {
    const src = '\ufeff---\nstatus: draft\n---\n';
    const f = fm(src);
    expect(f.data).toEqual({ status: 'draft' });
    expect(src.slice(f.start, f.end)).toBe('status: draft\n');
  });

  it('reads an empty frontmatter as no data', () => {
    const f = fm('---\n---\n# T');
    expect(f.data).toEqual({});
    expect(f.problems).toEqual([]);
    expect(f.text).toBe('');
  });

  it('keeps dates as strings (YAML 1.2 core schema)', () => {
    expect(fm('---\ndate: 2024-01-15\n---\n').data.date).toBe('2024-01-15');
  });

  it('reports an unclosed frontmatter at line 1 and reads the body from line 2', () => {
    const f = fm('---\nstatus: draft\n\n# Title\n');
    expect(f.problems).toEqual([
      { code: 'frontmatter/unclosed', message: expect.any(String), line: 1, column: 1 },
    ]);
    expect(f.data).toEqual({});
    expect(f.bodyLineIndex).toBe(1);
  });

  it('reports YAML syntax errors at their line in the file', () => {
    const f = fm('---\nstatus: draft\ndate: 2024-01-15\nauthors: ["@a"\nreviewers: []\n---\n');
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]).toMatchObject({ code: 'frontmatter/yaml-syntax', line: 5, column: 1 });
    expect(f.data).toEqual({});
  });

  it('points a syntax error inside a line at its column', () => {
    const f = fm('---\na: 1\nb: c: d\n---\n');
    expect(f.problems[0]).toMatchObject({ code: 'frontmatter/yaml-syntax', line: 3, column: 4 });
  });

  it('reports a duplicate key at the second occurrence, also in CRLF files', () => {
    const lf = '---\nstatus: draft\ndate: 2024-01-01\nstatus: approved\n---\n';
    expect(fm(lf).problems).toEqual([
      { code: 'frontmatter/duplicate-key', message: expect.any(String), line: 4, column: 1 },
    ]);
    expect(fm(lf.replace(/\n/g, '\r\n')).problems[0]).toMatchObject({ line: 4, column: 1 });
  });

  it('reports a frontmatter that is not a mapping', () => {
    expect(fm('---\n- a\n- b\n---\n').problems).toEqual([
      { code: 'frontmatter/not-a-map', message: expect.any(String), line: 2, column: 1 },
    ]);
    expect(fm('---\njust text\n---\n').problems[0]!.code).toBe('frontmatter/not-a-map');
  });

  it('reports an alias bomb as a YAML problem instead of throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const cur = String.fromCharCode(98 + i);
      bomb.push(
        `${cur}: &${cur} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      );
    }
    const f = fm(`---\n${bomb.join('\n')}\n---\n`);
    expect(f.problems).toEqual([
      { code: 'frontmatter/yaml-syntax', message: expect.stringMatching(/alias/i), line: 2, column: 1 },
    ]);
    expect(f.data).toEqual({});
  });
});

describe('keyPosition', () => {
  const src = [
    '---',
    '# comment',
    'status: draft',
    'implementations:',
    '  - repo: org/a',
    '    status: planned',
    '  - repo: org/b',
    'depends_on: [SPEC-0002, SPEC-0003]',
    '---',
  ].join('\n');
  const f = fm(src);

  it('gives the 1-based file line and column of a key', () => {
    expect(keyPosition(f, ['status'])).toEqual({ line: 3, column: 1 });
    expect(keyPosition(f, ['implementations'])).toEqual({ line: 4, column: 1 });
  });

  it('follows list indices and nested keys', () => {
    expect(keyPosition(f, ['implementations', 0])).toEqual({ line: 5, column: 5 });
    expect(keyPosition(f, ['implementations', 1])).toEqual({ line: 7, column: 5 });
    expect(keyPosition(f, ['implementations', 0, 'status'])).toEqual({ line: 6, column: 5 });
    expect(keyPosition(f, ['depends_on', 1])).toEqual({ line: 8, column: 25 });
  });

  it('falls back to the deepest key found, or to line 1 when the key is absent', () => {
    expect(keyPosition(f, ['missing'])).toEqual({ line: 1, column: 1 });
    expect(keyPosition(f, ['implementations', 0, 'link'])).toEqual({ line: 5, column: 5 });
  });

  it('gives CRLF files the same positions', () => {
    const c = fm(src.replace(/\n/g, '\r\n'));
    expect(keyPosition(c, ['implementations', 1])).toEqual({ line: 7, column: 5 });
    expect(keyPosition(c, ['depends_on', 1])).toEqual({ line: 8, column: 25 });
  });
});
