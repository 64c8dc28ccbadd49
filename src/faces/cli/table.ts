import { displayWidth, padToWidth, truncateToWidth } from './display-width.js';
import { terminalSafe } from './terminal-safe.js';

/** Columns below this are not worth showing narrower: the text would be unreadable anyway. */
const MIN_FLEX = 12;

/**
 * Rows as aligned columns, two spaces apart. With `width` (a terminal's), the `flex` columns give
 * up room, widest first, so each line fits, and a cut cell ends in "…" (the way `gh issue list`
 * does on a terminal); without it (output to a file or a pipe) every value is printed whole.
 */
export function table(rows: string[][], opts: { width?: number; flex?: number[] } = {}): string {
  const cells = rows.map((r) => r.map((c) => terminalSafe(c)));
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => displayWidth(r[c] ?? ''))));
  if (opts.width && opts.flex?.length) shrink(widths, opts.flex, opts.width);
  return cells
    .map((r) =>
      r
        .map((cell, c) => padToWidth(truncateToWidth(cell, widths[c]!), widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
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
