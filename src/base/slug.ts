import { PtError } from './errors.js';
import { unicodePattern } from './unicode-pattern.js';

/**
 * Letters and digits of any script (with their combining marks), in single-dash runs. Nothing else
 * can reach a file name, so no separator, dot segment or character a file system reserves.
 */
const SLUG = unicodePattern(
  String.raw`^[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*$`,
  'u',
);
const LATIN_MARKS = unicodePattern(String.raw`(\p{Script=Latin})\p{M}+`, 'gu');
const NOT_IN_SLUG = unicodePattern(String.raw`[^\p{L}\p{M}\p{N}]+`, 'gu');
const LOOSE_MARKS = unicodePattern(String.raw`(^|-)\p{M}+`, 'gu');
/** What a name may take of the 255 bytes most file systems allow, leaving room for the ID. */
export const SLUG_MAX_BYTES = 100;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Kebab-case slug for file names, at most `maxBytes` bytes of UTF-8: "Runner Infrastructure" →
 * "runner-infrastructure", "ランナー基盤" → "ランナー基盤". Compatibility forms fold (ﬁ → fi, Ａ → a)
 * and Latin letters lose their accents (é → e), as names always did; other scripts keep theirs.
 */
export function slugify(title: string, maxBytes = 60): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(LATIN_MARKS(), '$1')
    .normalize('NFC')
    .replace(NOT_IN_SLUG(), '-')
    // A mark whose letter was dropped (a symbol's accent) has nothing to sit on.
    .replace(LOOSE_MARKS(), '$1')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (bytes(base) <= maxBytes) return base;
  const cut = cutToBytes(base, maxBytes);
  // The cut already ends a word: keep it whole rather than dropping back to the previous dash.
  if (base[cut.length] === '-') return cut;
  const dash = cut.lastIndexOf('-');
  return (dash > cut.length / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/** The longest prefix of whole characters (a letter with its marks) within `max` bytes. */
function cutToBytes(s: string, max: number): string {
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    if (bytes(out) + bytes(segment) > max) break;
    out += segment;
  }
  return out;
}

export function checkSlug(slug: string, what = 'slug'): string {
  if (!SLUG().test(slug) || slug !== slug.toLowerCase() || slug !== slug.normalize('NFC')) {
    throw new PtError('input/bad-slug', `The ${what} "${slug}" cannot be used in a file name`, {
      hint: 'Use lower-case letters (any script), digits and single dashes (e.g. "runner-infrastructure"); no "/", "." or "..".',
    });
  }
  if (bytes(slug) > SLUG_MAX_BYTES) {
    throw new PtError('input/bad-slug', `The ${what} "${slug}" is too long for a file name`, {
      hint: `Use at most ${SLUG_MAX_BYTES} bytes of UTF-8 (${SLUG_MAX_BYTES} ASCII letters, about ${Math.floor(SLUG_MAX_BYTES / 3)} CJK characters).`,
    });
  }
  return slug;
}
