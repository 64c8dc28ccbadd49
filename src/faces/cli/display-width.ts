// How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, kana,
// Hangul, fullwidth forms, most emoji) take two, combining marks and joiners none. The ranges are
// Unicode's East Asian Width W and F classes, merged where neighbouring; close enough for tables.

import { unicodePattern } from '../../base/index.js';

const WIDE: [number, number][] = (
  '1100-115f 231a-231b 2329-232a 23e9-23ec 23f0 23f3 25fd-25fe 2614-2615 2648-2653 267f 2693 ' +
  '26a1 26aa-26ab 26bd-26be 26c4-26c5 26ce 26d4 26ea 26f2-26f3 26f5 26fa 26fd 2705 270a-270b ' +
  '2728 274c 274e 2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 2e80-303e 3041-33ff ' +
  '3400-4dbf 4e00-9fff a000-a4cf a960-a97f ac00-d7a3 f900-faff fe10-fe19 fe30-fe6f ff00-ff60 ' +
  'ffe0-ffe6 16fe0-16fe4 17000-18cff 1b000-1b2ff 1f004 1f0cf 1f18e 1f191-1f19a 1f200-1f251 ' +
  '1f300-1f320 1f32d-1f335 1f337-1f37c 1f37e-1f393 1f3a0-1f3ca 1f3cf-1f3d3 1f3e0-1f3f0 1f3f4 ' +
  '1f3f8-1f43e 1f440 1f442-1f4fc 1f4ff-1f53d 1f54b-1f54e 1f550-1f567 1f57a 1f595-1f596 1f5a4 ' +
  '1f5fb-1f64f 1f680-1f6c5 1f6cc 1f6d0-1f6d2 1f6d5-1f6d7 1f6dc-1f6df 1f6eb-1f6ec 1f6f4-1f6fc ' +
  '1f7e0-1f7eb 1f7f0 1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa70-1faff 20000-2fffd 30000-3fffd'
)
  .split(' ')
  .map((r) => {
    const [a, b = a] = r.split('-').map((h) => Number.parseInt(h, 16));
    return [a!, b!];
  });

// Variation selectors are Mn, zero-width space Cf.
const ZERO = unicodePattern(String.raw`^[\p{Mn}\p{Me}\p{Cf}]$`, 'u');

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one code point takes. */
export function charWidth(ch: string): 0 | 1 | 2 {
  if (ZERO().test(ch)) return 0;
  return isWide(ch.codePointAt(0)!) ? 2 : 1;
}

// Printable ASCII takes one column a character: most table cells are just that, and a list of
// thousands of documents would otherwise test every character against the ranges above.
const NARROW = /^[\x20-\x7e]*$/;

/** Only printable ASCII: one column a character, and nothing a terminal would act on. */
export const isPlainAscii = (text: string): boolean => NARROW.test(text);

export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** `text` in at most `max` columns: cut between whole characters, an ellipsis marking the cut. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const w = displayWidth(segment);
    if (used + w > max - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}\u2026`;
}

/** `text` followed by spaces up to `width` columns. */
export const padToWidth = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));
