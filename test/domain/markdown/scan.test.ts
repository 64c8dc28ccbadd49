import { describe, expect, it } from 'vitest';
import {
  blockEnd,
  boldLabel,
  listIndent,
  listItemText,
  paragraphs,
  scan,
  splitLines,
} from '../../../src/domain/markdown/index.js';

describe('splitLines', () => {
  it('numbers lines from 1 and keeps offsets that slice back to the text', () => {
    const src = 'one\ntwo\n\nfour';
    const lines = splitLines(src);
    expect(lines.map((l) => [l.num, l.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, ''],
      [4, 'four'],
    ]);
    for (const l of lines) expect(src.slice(l.start, l.end)).toBe(l.text);
  });

  it('gives a final empty line after a trailing newline', () => {
    const lines = splitLines('a\n');
    expect(lines.map((l) => l.text)).toEqual(['a', '']);
    expect(lines[1]!.start).toBe(2);
  });

  it('strips \\r from CRLF lines but keeps offsets into the original text', () => {
    const src = 'a\r\nbb\r\n\r\nc';
    const lines = splitLines(src);
    expect(lines.map((l) => l.text)).toEqual(['a', 'bb', '', 'c']);
    expect(lines.map((l) => [l.start, l.end])).toEqual([
      [0, 1],
      [3, 5],
      [7, 7],
      [9, 10],
    ]);
    for (const l of lines) expect(src.slice(l.start, l.end)).toBe(l.text);
  });

  it('keeps a lone \\r inside a line (only \\n ends a line)', () => {
    expect(splitLines('a\rb\nc').map((l) => l.text)).toEqual(['a\rb', 'c']);
  });

  it('leaves a byte-order mark out of the first line', () => {
    const src = '\ufeff# Title\nx';
    const lines = splitLines(src);
    expect(lines[0]!.text).toBe('# Title');
    expect(lines[0]!.start).toBe(1);
    expect(src.slice(lines[0]!.start, lines[0]!.end)).toBe('# Title');
  });

  it('honours firstLine and baseOffset', () => {
    const lines = splitLines('x\ny', 10, 100);
    expect(lines.map((l) => [l.num, l.start])).toEqual([
      [10, 100],
      [11, 102],
    ]);
  });
});

describe('scan: headings', () => {
  it('finds ATX headings with level, text, line and column', () => {
    const s = scan('# Title\n\n## Section ##\n   ### Indented\n#### Sub   #  \n');
    expect(s.headings.map((h) => [h.level, h.text, h.line, h.column])).toEqual([
      [1, 'Title', 1, 3],
      [2, 'Section', 3, 4],
      [3, 'Indented', 4, 8],
      [4, 'Sub', 5, 6],
    ]);
  });

  it('does not take #hashtags, 7 hashes or 4-space indented lines as headings', () => {
    const s = scan('#hashtag\n####### seven\n    # code\n#\n');
    expect(s.headings.map((h) => [h.level, h.text])).toEqual([[1, '']]);
  });

  it('ignores headings inside backtick and tilde fences, and marks fence lines', () => {
    const src = [
      '# Real',
      '```md',
      '## Fake one',
      '```',
      '~~~~',
      '## Fake two',
      '~~~',
      '## Still fake (closing fence too short)',
      '~~~~',
      '## Real two',
    ].join('\n');
    const s = scan(src);
    expect(s.headings.map((h) => h.text)).toEqual(['Real', 'Real two']);
    expect(s.lines.map((l) => l.inFence)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('needs the same fence character to close a fence', () => {
    const s = scan('```\n~~~\n# inside\n```\n# outside');
    expect(s.headings.map((h) => h.text)).toEqual(['outside']);
  });

  it('does not open a backtick fence whose info string holds a backtick', () => {
    const s = scan('``` not `a fence`\n# heading');
    expect(s.headings.map((h) => h.text)).toEqual(['heading']);
  });

  it('keeps an unclosed fence open to the end of the file', () => {
    const s = scan('# a\n```\n# b\n# c');
    expect(s.headings.map((h) => h.text)).toEqual(['a']);
  });

  it('finds headings in CRLF text at the same lines and columns as in LF text', () => {
    const lf = '# A\n\n## B\n### C\n';
    const a = scan(lf).headings;
    const b = scan(lf.replace(/\n/g, '\r\n')).headings;
    expect(b).toEqual(a);
  });

  it('finds an H1 on the first line after a byte-order mark', () => {
    const s = scan('\ufeff# SPEC-0001: Title\n');
    expect(s.headings[0]).toMatchObject({ level: 1, text: 'SPEC-0001: Title', line: 1, column: 3 });
  });
});

describe('blockEnd and paragraphs', () => {
  const s = scan(['# T', '## A', 'a1', '### A.1', 'x', '## B', 'b1', '', 'b2', 'b3'].join('\n'));

  it('ends a block at the next heading of the same or a higher level', () => {
    expect(blockEnd(s, 0)).toBe(s.lines.length);
    expect(blockEnd(s, 1)).toBe(5);
    expect(blockEnd(s, 2)).toBe(5);
    expect(blockEnd(s, 3)).toBe(s.lines.length);
    expect(blockEnd(s, 1, 4)).toBe(4);
  });

  it('splits runs of non-blank lines into paragraphs', () => {
    const ps = paragraphs(s.lines, 6, s.lines.length);
    expect(ps.map((p) => p.map((l) => l.text))).toEqual([['b1'], ['b2', 'b3']]);
  });

  it('keeps blank lines inside a fence in the same paragraph', () => {
    const f = scan('```\na\n\nb\n```');
    expect(paragraphs(f.lines, 0, f.lines.length)).toHaveLength(1);
  });
});

describe('list items and bold labels', () => {
  it('reads bullet and ordered list items', () => {
    expect(listItemText('- a')).toBe('a');
    expect(listItemText('* a ')).toBe('a');
    expect(listItemText('+\tb')).toBe('b');
    expect(listItemText('12. c')).toBe('c');
    expect(listItemText('3) d')).toBe('d');
    expect(listItemText('  - nested')).toBe('nested');
    expect(listItemText('-no space')).toBeNull();
    expect(listItemText('text')).toBeNull();
    expect(listItemText('1234567890. too long')).toBeNull();
  });

  it('measures list indentation, -1 for non-items', () => {
    expect(listIndent('- a')).toBe(0);
    expect(listIndent('    - a')).toBe(4);
    expect(listIndent('a')).toBe(-1);
  });

  it('reads bold labels with the colon inside or outside', () => {
    expect(boldLabel('**Depends on:** A, B')).toEqual({ label: 'Depends on', value: 'A, B' });
    expect(boldLabel('**ID**: REQ-001')).toEqual({ label: 'ID', value: 'REQ-001' });
    expect(boldLabel('__Replaces:__ X (from SPEC-0001)')).toEqual({
      label: 'Replaces',
      value: 'X (from SPEC-0001)',
    });
    expect(boldLabel('- **Pros:**')).toEqual({ label: 'Pros', value: '' });
    expect(boldLabel('  **Cons:**   trailing  ')).toEqual({ label: 'Cons', value: 'trailing' });
  });

  it('does not take bold text without a colon, or bold in mid-line, as a label', () => {
    expect(boldLabel('**GIVEN** a user')).toBeNull();
    expect(boldLabel('see **Note:** here')).toBeNull();
    expect(boldLabel('plain: text')).toBeNull();
  });
});
