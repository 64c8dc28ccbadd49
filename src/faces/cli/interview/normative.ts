/**
 * Rewrites a plain sentence as a normative statement ("The system scales runners." →
 * "The system SHALL scale runners."). Without a dictionary the verb of a sentence is a guess, so
 * only shapes that read one way are rewritten; anything else gets no suggestion (`undefined`):
 * a person writing SHALL themselves beats accepting "The system SHALL the system scales …".
 */

import { unicodePattern } from '../../../base/index.js';

const wordSet = (list: string): Set<string> => new Set(list.split(' '));

const NORMATIVE = /\b(SHALL|MUST)\b/;

/** Modal phrases that already say "must"; the first one becomes SHALL. */
const MODAL =
  /\b(?:must|shall|should|will|needs to|has to|have to|is required to|is expected to|ought to)\b/i;
const NEGATED_MODAL =
  /\b(?:won['\u2019]t|cannot|can['\u2019]t|must not|mustn['\u2019]t|should not|shouldn['\u2019]t)\b/i;

const DETERMINERS = wordSet('the a an each every this that our its any no');
const PRONOUNS = wordSet('it everyone everything nobody nothing someone something');
/** After these the next word still belongs to the subject ("The number of runners grows"). */
const PREPOSITIONS = wordSet('of for in on with at from to by into per under over about and or');
const RELATIVE = wordSet('that which who whose where when if');
const ADVERBS = wordSet('never always also only still just then again first not');
/** Words ending in "s" that are never a third-person verb. */
const NOT_VERBS = wordSet(
  'always perhaps sometimes besides towards afterwards its his this thus plus yes news ' +
    'series species ours yours theirs hers was as whereas alias canvas gas lens bias upwards ' +
    'downwards backwards means',
);
const IRREGULAR: Record<string, string> = {
  is: 'be',
  has: 'have',
  does: 'do',
  goes: 'go',
  caches: 'cache',
  aches: 'ache',
};
/**
 * Third-person verbs that are hardly ever plural nouns, so "The system sends data" can't be read as
 * a noun phrase "system sends" (unlike "logs", "stores", "updates", "processes" …).
 */
const VERB_ONLY = wordSet(
  'sends rejects accepts creates deletes provides allows validates writes exposes emits ' +
    'keeps retries encrypts decrypts authenticates authorizes notifies generates publishes ' +
    'maintains ensures prevents enforces removes scales verifies rotates migrates returns ' +
    'responds applies includes supports requires terminates receives fetches collects ' +
    'computes calculates produces assigns detects warns refuses denies permits revokes renews ' +
    'persists deploys restarts retains serves shows gives takes makes gets carries pushes ' +
    'catches passes grows provisions stops starts drains routes prints replaces forwards',
);
/** After a verb, not after a subject: "… replaces it", "… fails when …". */
const AFTER_VERB = wordSet(
  'it them him her us me you itself themselves when if unless until while before after because once',
);
const CLAUSE_LEADS = wordSet('when if while after before once unless whenever until');

/** Whether the text already says SHALL or MUST (upper case, as the validator wants). */
export const isNormative = (text: string): boolean => NORMATIVE.test(text);

/** The normative form of `text`, itself when it is one already, or undefined when unsure. */
export function normativeStatement(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (isNormative(t)) return t;
  const negated = t.replace(NEGATED_MODAL, 'SHALL not');
  if (negated !== t) return negated;
  const modal = t.replace(MODAL, 'SHALL');
  if (modal !== t) return modal;
  // "When the queue grows, the system scales runners": the main clause carries the verb.
  const lead = /^(\S+)\b[^,]*,\s*/.exec(t);
  if (lead && CLAUSE_LEADS.has(lead[1]!.toLowerCase())) {
    const rest = rewriteClause(t.slice(lead[0].length));
    return rest && `${lead[0]}${rest}`;
  }
  return rewriteClause(t) ?? imperative(t);
}

/** "Scale the pool." → "The system SHALL scale the pool.": a bare verb followed by an object. */
const BARE_VERB = unicodePattern(String.raw`^\p{L}[\p{Ll}-]*$`, 'u');
const NAMED_SUBJECT = unicodePattern(String.raw`^\p{Lu}{2,}s?$|^\p{Lu}\p{Ll}+\p{Lu}`, 'u');

function imperative(t: string): string | undefined {
  const [first, second] = t.split(/\s+/);
  if (!first || !second || !BARE_VERB().test(first)) return undefined;
  if (/[^s]s$/i.test(first) || !DETERMINERS.has(second.toLowerCase()) || DETERMINERS.has(first.toLowerCase()))
    return undefined;
  return `The system SHALL ${first.toLowerCase()}${t.slice(first.length)}`;
}

/** Subject, optional adverbs, a third-person present verb: the verb takes SHALL and its base form. */
function rewriteClause(t: string): string | undefined {
  const words = t.split(/\s+/);
  const w0 = words[0]!.toLowerCase();
  let from: number;
  if (DETERMINERS.has(w0)) from = 2;
  else if (PRONOUNS.has(w0) || NAMED_SUBJECT().test(words[0]!)) from = 1;
  else return undefined;
  for (let i = from; i < Math.min(words.length, 7); i++) {
    const raw = words[i]!;
    const word = raw.replace(/[.,;:!?]+$/, '');
    const lower = word.toLowerCase();
    if (word !== raw && !verbForm(lower)) return undefined; // punctuation inside the subject
    if (RELATIVE.has(lower) && i > 1) return undefined;
    const before = words[i - 1]!.toLowerCase();
    if (PREPOSITIONS.has(before) || DETERMINERS.has(before)) continue; // part of the subject
    const contracted = /^(?:doesn|isn)['\u2019]t$/.test(lower)
      ? lower.startsWith('is')
        ? 'is'
        : 'does'
      : '';
    const base = contracted ? IRREGULAR[contracted] : verbForm(lower);
    if (!base || word !== lower) continue;
    if (!verbIsCertain(words, from, i)) return undefined;
    let at = i;
    while (at > from && isAdverb(words[at - 1]!)) at--;
    const head = [...words.slice(0, at), 'SHALL'];
    const adverbs = words.slice(at, i);
    const notNext = words[i + 1]?.toLowerCase() === 'not';
    if (contracted || (notNext && (lower === 'does' || lower === 'is'))) {
      const tail = words.slice(i + (contracted ? 1 : 2));
      const be = lower.startsWith('is') ? ['be'] : [];
      if (!tail.length) return undefined;
      return [...head, 'not', ...adverbs, ...be, ...tail].join(' ');
    }
    const rebuilt = base + raw.slice(word.length);
    return [...head, ...adverbs, rebuilt, ...words.slice(i + 1)].join(' ');
  }
  return undefined;
}

/**
 * "The worker pools scale …" and "The system scales runners …" share a shape; a word that is only
 * ever a verb, or the word after it, tells which one it is.
 */
function verbIsCertain(words: string[], from: number, i: number): boolean {
  if (from === 1) return true;
  const verb = words[i]!.toLowerCase().replace(/[.,;:!?]+$/, '');
  if (VERB_ONLY.has(verb) || IRREGULAR[verb] || /['\u2019]t$/.test(verb)) return true;
  const next = words[i + 1];
  if (next === undefined) return false;
  const n = next.toLowerCase().replace(/[.,;:!?]+$/, '');
  return (
    DETERMINERS.has(n) ||
    PREPOSITIONS.has(n) ||
    AFTER_VERB.has(n) ||
    isAdverb(n) ||
    /^\d/.test(n) ||
    /^["'`(]/.test(n) ||
    /(?:[^s]s|ed|ing)$/.test(n)
  );
}

const isAdverb = (w: string): boolean => {
  const l = w.toLowerCase();
  return ADVERBS.has(l) || (l.length > 4 && l.endsWith('ly'));
};

/** The base form of a third-person singular present verb, or undefined when `w` can't be one. */
export function verbForm(w: string): string | undefined {
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (!/^[a-z]+s$/.test(w) || NOT_VERBS.has(w) || /(?:ss|us|is|as|os)$/.test(w) || w.length < 3)
    return undefined;
  if (/[^aeiou]ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:sses|shes|ches|xes|zzes|oes)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}
