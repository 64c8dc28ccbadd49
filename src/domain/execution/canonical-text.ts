// Whether a JSON text is already canonical (see canonical-json.ts), decided by one scan of the text,
// without parsing it. The store keeps audit data as the text that was hashed, so a verifier that
// knows the text is canonical can hash it as it is instead of parsing and re-writing every record.
// The scan is sound, not complete: true means canonicalJson(JSON.parse(text)) === text; false means
// "not canonical, or not sure" (an escape JSON.stringify would not write the same way, a key with an
// escape, a long or fractional number that is cheaper to check by parsing), and the caller then takes
// the plain path.

/** Deeper than this, the plain path decides (canonicalJson refuses very deep values). */
const MAX_SCAN_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;

/** True when `text` is, character for character, the canonical JSON of the value it parses to. */
export function isCanonicalText(text: string): boolean {
  return scanValue(text, 0, 0) === text.length;
}

/** The index after the value starting at `i`, or -1. */
function scanValue(t: string, i: number, depth: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return scanString(t, i, false);
  if (c === 123 /* { */) return scanObject(t, i, depth);
  if (c === 91 /* [ */) return scanArray(t, i, depth);
  if (c === 45 /* - */ || (c >= 48 && c <= 57)) return scanNumber(t, i);
  if (c === 116 /* t */) return t.startsWith('true', i) ? i + 4 : -1;
  if (c === 102 /* f */) return t.startsWith('false', i) ? i + 5 : -1;
  if (c === 110 /* n */) return t.startsWith('null', i) ? i + 4 : -1;
  return -1;
}

function scanObject(t: string, i: number, depth: number): number {
  if (depth >= MAX_SCAN_DEPTH) return -1;
  let j = i + 1;
  if (t.charCodeAt(j) === 125 /* } */) return j + 1;
  let prevStart = -1;
  let prevEnd = -1;
  for (;;) {
    if (t.charCodeAt(j) !== QUOTE) return -1;
    const keyEnd = scanString(t, j, true);
    if (keyEnd < 0) return -1;
    // Keys strictly ascending by code unit (so no duplicates); keys hold no escapes, so the text
    // between the quotes is the key itself.
    if (prevStart >= 0 && !textLess(t, prevStart, prevEnd, j + 1, keyEnd - 1)) return -1;
    prevStart = j + 1;
    prevEnd = keyEnd - 1;
    if (t.charCodeAt(keyEnd) !== 58 /* : */) return -1;
    j = scanValue(t, keyEnd + 1, depth + 1);
    if (j < 0) return -1;
    const c = t.charCodeAt(j);
    if (c === 125 /* } */) return j + 1;
    if (c !== 44 /* , */) return -1;
    j++;
  }
}

function scanArray(t: string, i: number, depth: number): number {
  if (depth >= MAX_SCAN_DEPTH) return -1;
  let j = i + 1;
  if (t.charCodeAt(j) === 93 /* ] */) return j + 1;
  for (;;) {
    j = scanValue(t, j, depth + 1);
    if (j < 0) return -1;
    const c = t.charCodeAt(j);
    if (c === 93 /* ] */) return j + 1;
    if (c !== 44 /* , */) return -1;
    j++;
  }
}

/** t[a1..b1) < t[a2..b2) in code-unit order. */
function textLess(t: string, a1: number, b1: number, a2: number, b2: number): boolean {
  const n = Math.min(b1 - a1, b2 - a2);
  for (let k = 0; k < n; k++) {
    const x = t.charCodeAt(a1 + k);
    const y = t.charCodeAt(a2 + k);
    if (x !== y) return x < y;
  }
  return b1 - a1 < b2 - a2;
}

const isLowerHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : c - 87);

/**
 * A string as JSON.stringify writes it: `"` and `\` escaped, \b \f \n \r \t for those controls, \u00xx
 * (lowercase) for the other controls, every other character itself. Lone surrogates (which it writes
 * as \udxxx) and any escape in a key are left to the plain path.
 */
function scanString(t: string, i: number, key: boolean): number {
  const n = t.length;
  let j = i + 1;
  while (j < n) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      if (key) return -1;
      const e = t.charCodeAt(j + 1);
      if (e === QUOTE || e === BACKSLASH || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        j += 2;
        continue;
      }
      // \u00xx, only for a control character that has no short escape.
      if (e !== 117 || t.charCodeAt(j + 2) !== 48 || t.charCodeAt(j + 3) !== 48) return -1;
      const h = t.charCodeAt(j + 4);
      const l = t.charCodeAt(j + 5);
      if ((h !== 48 && h !== 49) || !isLowerHex(l)) return -1;
      const v = (h - 48) * 16 + hexValue(l);
      if (v === 8 || v === 9 || v === 10 || v === 12 || v === 13) return -1;
      j += 6;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = t.charCodeAt(j + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1;
      j += 2;
      continue;
    }
    j++;
  }
  return -1;
}

/**
 * A number in JavaScript's shortest round-trip form: a whole number of up to 15 digits is one by
 * construction (no leading zero, not -0); anything else is compared with what JSON.stringify writes.
 */
function scanNumber(t: string, i: number): number {
  let j = i;
  if (t.charCodeAt(j) === 45) j++;
  const first = j;
  while (j < t.length) {
    const c = t.charCodeAt(j);
    if (c < 48 || c > 57) break;
    j++;
  }
  const digits = j - first;
  if (digits === 0) return -1;
  const c = t.charCodeAt(j);
  const whole = !((c === 46 /* . */ || c === 101 /* e */ || c === 69) /* E */);
  if (whole && digits <= 15) {
    if (t.charCodeAt(first) === 48 && (digits > 1 || first > i)) return -1; // 01, -0
    return j;
  }
  while (j < t.length) {
    const d = t.charCodeAt(j);
    if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
    j++;
  }
  const s = t.slice(i, j);
  const v = Number(s);
  return Number.isFinite(v) && !Object.is(v, -0) && JSON.stringify(v) === s ? j : -1;
}
