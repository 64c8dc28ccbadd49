import { unicodePattern } from '../../base/index.js';
import type { RunTemplate } from './model.js';

/** The template a typed intent picks, and the words that picked it. */
export interface IntentMatch {
  slug: string;
  words: string[];
}

const WORD = unicodePattern(String.raw`[\p{L}\p{N}]+`, 'gu');
const words = (text: string) => text.toLowerCase().match(WORD()) ?? [];

/**
 * Picks a template for an intent ("fix errors in auth service") by its keywords: the template with the
 * most keyword hits wins, earlier templates on a tie; a keyword matches a word or the start of one
 * ("generate" matches "generated"). Without any hit, the `fallback` template (a health check: it
 * reads, it changes nothing).
 */
export function templateForIntent(
  intent: string,
  templates: readonly RunTemplate[],
  fallback = 'healthcheck',
): IntentMatch {
  const ws = words(intent);
  let best: IntentMatch | null = null;
  for (const t of templates) {
    const hit = t.keywords.filter((k) => ws.some((w) => w === k || w.startsWith(k)));
    if (hit.length && (!best || hit.length > best.words.length)) best = { slug: t.slug, words: hit };
  }
  return best ?? { slug: fallback, words: [] };
}
