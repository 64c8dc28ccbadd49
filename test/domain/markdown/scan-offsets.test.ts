import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atxHeading,
  type Heading,
  type Line,
  lineEnd,
  lineInFence,
  lineNum,
  lineStart,
  lineText,
  scan,
  splitLines,
} from '../../../src/domain/markdown/index.js';

// The scanner keeps offsets per line and builds line objects only when asked. This is the scanner
// as it was when it built a line object for every line first: both must find the same lines, fences
// and headings.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
function reference(source: string): { lines: Line[]; headings: Heading[] } {
  const lines = splitLines(source);
  const headings: Heading[] = [];
  let fenceChar = '';
  let fenceLen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text;
    if (fenceLen > 0) {
      line.inFence = true;
      const m = FENCE.exec(t);
      if (m && m[1]![0] === fenceChar && m[1]!.length >= fenceLen && t.slice(m[0].length).trim() === '') {
        fenceLen = 0;
      }
      continue;
    }
    let p = 0;
    while (p < 3 && t.charCodeAt(p) === 32) p++;
    const c = t.charCodeAt(p);
    if (c === 96 || c === 126) {
      const m = FENCE.exec(t);
      if (m && !(m[1]![0] === '`' && t.slice(m[0].length).includes('`'))) {
        fenceChar = m[1]![0]!;
        fenceLen = m[1]!.length;
        line.inFence = true;
        continue;
      }
    }
    if (c === 35) {
      const h = atxHeading(t, p, i, line.num);
      if (h) headings.push(h);
    }
  }
  return { lines, headings };
}

const PIECES = [
  '\n',
  '\r\n',
  '\r',
  ' ',
  '   ',
  '    ',
  '\t',
  '#',
  '## ',
  'Title',
  '```',
  '````',
  '~~~',
  '`',
  'js',
  'x',
  '\u00a0',
];
const source = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }))
  .map(([bom, p]) => (bom ? '\ufeff' : '') + p.join(''));

describe('scan by offsets', () => {
  it('finds the lines, fences and headings the line-object scanner found', () => {
    fc.assert(
      fc.property(source, (src) => {
        const s = scan(src);
        const ref = reference(src);
        expect(s.lines).toEqual(ref.lines);
        expect(s.headings).toEqual(ref.headings);
        expect(s.count).toBe(ref.lines.length);
        ref.lines.forEach((l, i) => {
          expect(lineText(s, i)).toBe(l.text);
          expect(lineInFence(s, i)).toBe(l.inFence);
          expect(lineNum(s, i)).toBe(l.num);
          expect(lineStart(s, i)).toBe(l.start);
          expect(s.baseOffset + lineEnd(s, i)).toBe(l.end);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers and offsets lines from where the text starts in its file', () => {
    const s = scan('a\n```\nb\n```\n# c', 5, 100);
    expect(s.lines.map((l) => [l.num, l.start, l.end, l.inFence])).toEqual([
      [5, 100, 101, false],
      [6, 102, 105, true],
      [7, 106, 107, true],
      [8, 108, 111, true],
      [9, 112, 115, false],
    ]);
    expect(s.headings.map((h) => [h.text, h.line, h.index])).toEqual([['c', 9, 4]]);
  });
});
