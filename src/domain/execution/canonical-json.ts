import { EXIT, PtError } from '../../base/index.js';

// Canonical JSON: the one text a value hashes as, so that the same record gives the same hash in any
// process, on Postgres or PGlite, today or after a migration. It is RFC 8785 (JCS) for the values an
// audit record holds:
// - object keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace anywhere;
// - strings as JSON.stringify writes them: `"` and `\` escaped, control characters below U+0020 as
//   \b \f \n \r \t or \u00xx, a lone surrogate as \udxxx, every other character as itself (UTF-8 when
//   hashed);
// - numbers finite only, in JavaScript's shortest round-trip form (1, 0.5, 1e+21), -0 written 0;
// - a property whose value is undefined is left out, as JSON.stringify does.
// Anything else (NaN, Infinity, bigint, functions, symbols, undefined in an array, Dates, Maps, class
// instances, nesting deeper than MAX_DEPTH) is refused: a value that cannot round-trip through JSON
// could not be verified later.

const MAX_DEPTH = 200;

// Audit data repeats a few keys millions of times: their quoted form is kept (up to a bound).
const QUOTED = new Map<string, string>();
const QUOTED_MAX = 10_000;

function quoteKey(k: string): string {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(k, q);
  }
  return q;
}

/** Keys in code-unit order. An insertion sort: objects in audit data have few keys. */
function sortedKeys(o: object): string[] {
  const k = Object.keys(o);
  if (k.length > 16) return k.sort();
  for (let i = 1; i < k.length; i++) {
    const v = k[i]!;
    let j = i - 1;
    while (j >= 0 && k[j]! > v) {
      k[j + 1] = k[j]!;
      j--;
    }
    k[j + 1] = v;
  }
  return k;
}

function refuse(what: string): PtError {
  return new PtError('audit/not-canonical', `an audit record cannot hold ${what}`, {
    hint: 'Audit data is JSON: plain objects, arrays, strings, finite numbers, booleans and null.',
    exit: EXIT.usage,
  });
}

function write(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw refuse(String(v));
      return Object.is(v, -0) ? '0' : JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH) throw refuse(`values nested more than ${MAX_DEPTH} deep`);
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) {
          if (v[i] === undefined) throw refuse('undefined in an array');
          s += (i ? ',' : '') + write(v[i], depth + 1);
        }
        return `${s}]`;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null)
        throw refuse(`a ${proto?.constructor?.name ?? 'class'} object`);
      const o = v as Record<string, unknown>;
      const keys = sortedKeys(o);
      let s = '{';
      let first = true;
      for (const k of keys) {
        if (o[k] === undefined) continue;
        s += `${first ? '' : ','}${quoteKey(k)}:${write(o[k], depth + 1)}`;
        first = false;
      }
      return `${s}}`;
    }
    default:
      throw refuse(typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`);
  }
}

/** An array index ("0", "17"): JavaScript enumerates such keys first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const isIndexKey = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && INDEX_KEY.test(k);
};

/**
 * Whether JSON.stringify already writes the value canonically: plain objects whose keys are enumerated
 * in code-unit order (and none is an array index), finite numbers, nothing JSON would drop or change.
 * Checking allocates nothing, and JSON.stringify is much faster than writing piece by piece; data built
 * with its keys in order (as records read back from a store usually are) takes this path.
 */
function inOrder(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (v[i] === undefined || !inOrder(v[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      let prev: string | null = null;
      for (const k in v) {
        if ((prev !== null && prev >= k) || isIndexKey(k)) return false;
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || !inOrder(x, depth + 1)) return false;
        prev = k;
      }
      return true;
    }
    default:
      return false;
  }
}

/** No clone: a key a copy cannot hold in place (an array index, __proto__). */
const NO_CLONE = Symbol('no-clone');

/**
 * A copy of a JSON value with every object's keys inserted in code-unit order, for JSON.stringify to
 * write canonically; refuses what canonical JSON cannot hold, like `write`.
 */
function sortedClone(v: unknown, depth: number): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw refuse(String(v));
    return v;
  }
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    throw refuse(typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`);
  }
  if (depth >= MAX_DEPTH) throw refuse(`values nested more than ${MAX_DEPTH} deep`);
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) throw refuse('undefined in an array');
      const c = sortedClone(v[i], depth + 1);
      if (c === NO_CLONE) return NO_CLONE;
      out[i] = c;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null)
    throw refuse(`a ${proto?.constructor?.name ?? 'class'} object`);
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(v)) {
    // An index key would move when JSON.stringify writes the copy; assigning __proto__ would set the
    // copy's prototype instead of a property. The piecewise writer takes both.
    if (isIndexKey(k) || k === '__proto__') return NO_CLONE;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    const c = sortedClone(x, depth + 1);
    if (c === NO_CLONE) return NO_CLONE;
    out[k] = c;
  }
  return out;
}

/** The canonical JSON text of a value (see above). */
export function canonicalJson(value: unknown): string {
  if (inOrder(value, 0)) return JSON.stringify(value);
  const c = sortedClone(value, 0);
  return c === NO_CLONE ? write(value, 0) : JSON.stringify(c);
}

/** `value` itself or a copy of it that JSON.stringify writes canonically; null when there is none. */
export function canonicalShape(value: unknown): unknown {
  if (inOrder(value, 0)) return value;
  const c = sortedClone(value, 0);
  return c === NO_CLONE ? null : c;
}
