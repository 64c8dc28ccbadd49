// Whether a Purpose was never written: a leading TBD/TODO, or the sentence `openspec archive`
// writes when it creates a spec. Lower-case "todo" only counts when punctuation follows, because
// "Todo el ..." is ordinary Spanish and Portuguese prose.
import { unicodePattern } from '../../base/index.js';
import type { Section } from './model.js';

const WORD_END = '(?![\\p{L}\\p{N}\\p{M}_])';
const SHOUTED = unicodePattern(`^(?:TBD|TODO)${WORD_END}`, 'u');
const PUNCTUATED = unicodePattern(
  `^(?:TBD|TODO)${WORD_END}(?=[ \\t]*(?:$|\\n|[:\\-\u2013\u2014.,;()\\[\\]{}]))`,
  'iu',
);

export const PLACEHOLDER_PREFIX = 'TBD - created by archiving change ';
export const PLACEHOLDER_SUFFIX = '. Update Purpose after archive.';

function generatedAt(text: string): number {
  let suffix = text.indexOf(PLACEHOLDER_SUFFIX);
  while (suffix !== -1) {
    const prefix = text.lastIndexOf(PLACEHOLDER_PREFIX, suffix);
    if (prefix !== -1) return prefix;
    suffix = text.indexOf(PLACEHOLDER_SUFFIX, suffix + 1);
  }
  return -1;
}

/** Whether a Purpose's trimmed prose is a placeholder (purposePlaceholderLine without the line). */
export function isPlaceholderPurpose(prose: string): boolean {
  return startsWithMarker(prose) || generatedAt(prose) !== -1;
}

// Only a Purpose starting with tbd or tod (any case) can be a TBD/TODO; the Unicode regexes are not
// even run otherwise (most Purposes start "The ...").
function startsWithMarker(prose: string): boolean {
  if ((prose.charCodeAt(0) | 32) !== 116 /* t */ || (prose.charCodeAt(2) | 32) !== 100 /* d */) return false;
  const second = prose.charCodeAt(1) | 32;
  if (second !== 98 /* b */ && second !== 111 /* o */) return false;
  return SHOUTED().test(prose) || PUNCTUATED().test(prose);
}

/** The line of the placeholder when the Purpose is one, `0` when it is one but no line holds it, else null. */
export function purposePlaceholderLine(purpose: Section): number | null {
  const joined = purpose.prose.map((p) => p.text).join('\n');
  const prose = joined.trim();
  if (startsWithMarker(prose)) {
    return purpose.prose.find((p) => p.text.trim() !== '')?.line ?? 0;
  }
  const at = generatedAt(joined);
  if (at === -1) return null;
  const offset = joined.slice(0, at).split('\n').length - 1;
  return purpose.prose[offset]?.line ?? 0;
}
