import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  charWidth,
  displayWidth,
  padToWidth,
  truncateToWidth,
} from '../../../src/faces/cli/display-width.js';
import { table } from '../../../src/faces/cli/table.js';
import { terminalSafe } from '../../../src/faces/cli/terminal-safe.js';

describe('displayWidth', () => {
  it('is the sum of its characters, ASCII or not (the ASCII shortcut changes nothing)', () => {
    const sum = (t: string) => [...t].reduce((w, ch) => w + charWidth(ch), 0);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => displayWidth(t) === sum(t)));
    fc.assert(fc.property(fc.string(), (t) => displayWidth(t) === sum(t)));
  });

  it.each([
    ['abc', 3],
    ['ランナー', 8],
    ['基盤', 4],
    ['한국어', 6],
    ['ＡＢ', 4],
    ['e\u0301', 1],
    ['हिन्दी', 5],
    ['🚀', 2],
    ['', 0],
  ])('%j takes %i columns', (s, w) => expect(displayWidth(s)).toBe(w));
});

describe('truncateToWidth', () => {
  it('cuts by columns, never in the middle of a wide character, and marks the cut', () => {
    expect(truncateToWidth('Runner Infrastructure', 10)).toBe('Runner In…');
    expect(truncateToWidth('ランナー基盤', 6)).toBe('ラン…');
    expect(truncateToWidth('ランナー基盤', 7)).toBe('ランナ…');
    expect(truncateToWidth('short', 10)).toBe('short');
  });

  it('never exceeds the width (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 1, max: 60 }), (s, w) => {
        expect(displayWidth(truncateToWidth(s, w))).toBeLessThanOrEqual(w);
      }),
      { numRuns: 300 },
    );
  });
});

describe('table', () => {
  const rows = [
    ['ID', 'KIND', 'STATUS', 'TITLE', 'LINKS'],
    ['PROP-0001', 'proposal', 'draft', 'x'.repeat(256), ''],
    ['SPEC-0001', 'spec', 'approved', 'ランナー基盤の自動スケール'.repeat(5), 'implements PROP-0001, 3 req'],
  ];

  it('fits every line in the terminal width, titles cut with an ellipsis', () => {
    for (const width of [80, 100, 120]) {
      const lines = table(rows, { width, flex: [3, 4] }).split('\n');
      for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width);
      expect(lines[1]).toContain('…');
      expect(lines[2]).toContain('implements PROP-0001');
    }
  });

  it('keeps every value whole without a width (a pipe or a file)', () => {
    const out = table(rows, { flex: [3, 4] });
    expect(out).toContain('x'.repeat(256));
    expect(out).toContain('ランナー基盤の自動スケール'.repeat(5));
    expect(out).not.toContain('…');
  });

  it('aligns columns after wide characters by display width', () => {
    const out = table([
      ['TITLE', 'STATUS'],
      ['基盤', 'draft'],
      ['ab', 'approved'],
    ]).split('\n');
    expect(displayWidth(out[1]!.slice(0, out[1]!.indexOf('draft')))).toBe(
      displayWidth(out[2]!.slice(0, out[2]!.indexOf('approved'))),
    );
  });
});

// The table as it was written before each cell was measured once, kept to hold the faster one to it.
function referenceTable(rows: string[][], opts: { width?: number; flex?: number[] } = {}): string {
  const cells = rows.map((r) => r.map((c) => terminalSafe(c)));
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => displayWidth(r[c] ?? ''))));
  if (opts.width && opts.flex?.length) {
    const flex = opts.flex;
    const fixed = widths.reduce((a, w, i) => a + (flex.includes(i) ? 0 : w), 0) + 2 * (widths.length - 1);
    const room = opts.width - fixed;
    const fits = (cap: number) => flex.reduce((a, i) => a + Math.min(widths[i]!, cap), 0) <= room;
    let cap = Math.max(...flex.map((i) => widths[i]!));
    while (cap > 12 && !fits(cap)) cap--;
    for (const i of flex) widths[i] = Math.min(widths[i]!, cap);
  }
  return cells
    .map((r) =>
      r
        .map((cell, c) => padToWidth(truncateToWidth(cell, widths[c]!), widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

describe('table, as before', () => {
  it('gives the same text for any cells, widths and flexible columns', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '-', 'ランナー', 'e\u0301', 'a\u001b[31mred', 'tab\there', 'x  '),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((cols) =>
            fc.tuple(
              fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 }),
              fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
              fc.uniqueArray(fc.integer({ min: 0, max: cols - 1 }), { maxLength: cols }),
            ),
          ),
        ([rows, width, flex]) => {
          const opts = width === undefined ? {} : { width, flex };
          expect(table(rows, opts)).toBe(referenceTable(rows, opts));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
