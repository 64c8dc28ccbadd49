// Name handling shared by every OpenSpec reader. Matching is exact after normalisation, as in
// OpenSpec; the fold exists only to spot near-miss typos (case or spacing).

const CLOSING_HASHES = /[ \t]+#+[ \t]*$/;
const CANONICAL_REQUIREMENT = /^Requirement:\s*(.+)$/i;
const SCENARIO_PREFIX = /^Scenario:\s*/i;
// ASCII letters compare case-insensitively as `code | 32`; the regex /i matches no other characters.
const SCENARIO = 'scenario';
const NORMATIVE = /\b(SHALL|MUST)\b/;

export function normalizeName(name: string): string {
  // Every header passes through here: skip the regex unless the name ends in #s.
  let e = name.length;
  while (e > 0 && (name.charCodeAt(e - 1) === 32 || name.charCodeAt(e - 1) === 9)) e--;
  if (e === 0 || name.charCodeAt(e - 1) !== 35 /* # */) return name.trim();
  return name.replace(CLOSING_HASHES, '').trim();
}

// A whitespace run or a whitespace character other than a space: only then does folding change spacing.
const ODD_SPACE = /\s\s|[^\S ]/;

export function foldName(name: string): string {
  return foldNormalized(normalizeName(name));
}

/**
 * foldNormalized(a) === foldNormalized(b), without building either: ASCII names are compared in
 * place (most comparisons end at the first character); others are folded.
 */
export function foldEquals(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(j);
    if (x > 127 || y > 127) return foldNormalized(a) === foldNormalized(b);
    if (isAsciiSpace(x) || isAsciiSpace(y)) {
      // A run of whitespace is one space on each side.
      if (!isAsciiSpace(x) || !isAsciiSpace(y)) return false;
      while (i < a.length && isAsciiSpace(a.charCodeAt(i))) i++;
      while (j < b.length && isAsciiSpace(b.charCodeAt(j))) j++;
      // A non-ASCII character after the run may be whitespace too: let the fold decide.
      if ((i < a.length && a.charCodeAt(i) > 127) || (j < b.length && b.charCodeAt(j) > 127)) {
        return foldNormalized(a) === foldNormalized(b);
      }
      continue;
    }
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
    i++;
    j++;
  }
}

/** The ASCII characters `\s` (and String.prototype.trim) match. */
export function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** foldName of a name already normalised. Most names have single spaces only: no replace, no copy. */
export function foldNormalized(name: string): string {
  const lower = name.toLowerCase();
  return ODD_SPACE.test(lower) ? lower.replace(/\s+/g, ' ') : lower;
}

/** The requirement name of a level-3 header text, or null when it is not `Requirement: <name>`. */
export function requirementName(headerText: string): string | null {
  const m = CANONICAL_REQUIREMENT.exec(headerText);
  return m ? normalizeName(m[1]!) : null;
}

export function scenarioName(headerText: string): string {
  const name = normalizeName(headerText);
  // The usual `Scenario: <name>` is sliced rather than rebuilt by a regex replace.
  let k = 0;
  while (k < 8 && (name.charCodeAt(k) | 32) === SCENARIO.charCodeAt(k)) k++;
  if (k === 8 && name.charCodeAt(8) === 58 /* : */) k++;
  // Without the whole prefix the regex cannot match either: nothing to strip.
  if (k < 9) return name;
  while (name.charCodeAt(k) === 32) k++;
  const c = name.charCodeAt(k);
  if (c === 9 || (c < 33 && k < name.length) || c > 126) return name.replace(SCENARIO_PREFIX, '').trim();
  return name.slice(k).trim();
}

export function containsShallOrMust(text: string): boolean {
  return NORMATIVE.test(text);
}

export function stripBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}
