import { displayWidth, isPlainAscii, truncateToWidth } from './display-width.js';
import { terminalSafe } from './terminal-safe.js';

/** Columns below this are not worth showing narrower: the text would be unreadable anyway. */
const MIN_FLEX = 12;

/**
 * Rows as aligned columns, two spaces apart. With `width` (a terminal's), the `flex` columns give
 * up room, widest first, so each line fits, and a cut cell ends in "…" (the way `gh issue list`
 * does on a terminal); without it (output to a file or a pipe) every value is printed whole.
 */
export function table(rows: string[][], opts: { width?: number; flex?: number[] } = {}): string {
  // Each cell is made safe and measured once, plain ASCII (most cells) with one test: a list of
  // thousands of rows spends its time here otherwise.
  const cells = rows.map((r) => r.map((c) => (isPlainAscii(c) ? c : terminalSafe(c))));
  const cellWidths = cells.map((r) => r.map((c) => (isPlainAscii(c) ? c.length : displayWidth(c))));
  const widths = cells[0]!.map((_, c) => {
    let max = 0;
    for (const r of cellWidths) max = Math.max(max, r[c] ?? 0);
    return max;
  });
  if (opts.width && opts.flex?.length) shrink(widths, opts.flex, opts.width);
  const lines: string[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const r = cells[i]!;
    const rw = cellWidths[i]!;
    let line = '';
    for (let c = 0; c < r.length; c++) {
      const width = widths[c]!;
      let cell = r[c]!;
      let w = rw[c]!;
      if (w > width) {
        cell = truncateToWidth(cell, width);
        w = displayWidth(cell);
      }
      if (c > 0) line += '  ';
      // The last cell needs no padding: the line's trailing spaces are cut anyway.
      line += c === r.length - 1 ? cell : cell + spaces(width - w);
    }
    lines[i] = line.trimEnd();
  }
  return lines.join('\n');
}

const SPACES: string[] = [];

/** `n` spaces (none when n is not positive), made once per count. */
function spaces(n: number): string {
  if (n <= 0) return '';
  SPACES[n] ??= ' '.repeat(n);
  return SPACES[n]!;
}

/**
 * Lowers one cap on all flexible columns until the line fits: the widest gives way first, and none
 * goes below MIN_FLEX (a terminal narrower than that gets long lines rather than unreadable cells).
 */
function shrink(widths: number[], flex: number[], limit: number): void {
  const fixed = widths.reduce((a, w, i) => a + (flex.includes(i) ? 0 : w), 0) + 2 * (widths.length - 1);
  const room = limit - fixed;
  const fits = (cap: number) => flex.reduce((a, i) => a + Math.min(widths[i]!, cap), 0) <= room;
  let cap = Math.max(...flex.map((i) => widths[i]!));
  while (cap > MIN_FLEX && !fits(cap)) cap--;
  for (const i of flex) widths[i] = Math.min(widths[i]!, cap);
}

/** The width output should fit: a terminal's columns, or none when stdout is not a terminal. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number | undefined {
  return stream.isTTY && stream.columns > 0 ? stream.columns : undefined;
}
