// A fast path for the frontmatter Papertrail and its templates write (and papertrail.yaml's usual
// settings): top-level `key: scalar` lines, flow lists of scalars, and block lists of scalars or of
// flat `key: scalar` maps. The YAML library builds a full document tree for each file, which costs
// more than everything else validate does to a document; this reads the common subset in one pass.
// Anything outside the subset (block scalars, deeper maps, anchors, tags, escapes, numbers other
// than plain whole ones, comments after a value...) returns null and the caller uses the YAML
// library, so results always equal the library's: a property test compares the two.

import { unicodePattern } from './unicode-pattern.js';

export interface Position {
  /** 1-based line within the YAML text. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface FastYaml {
  data: Record<string, unknown>;
  /** Where each key (and each list item) starts, by path joined with NUL: `depends_on\u00000`. */
  positions: Map<string, Position>;
}

/** Joins a key path the way FastYaml.positions is keyed. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('\u0000');
}

const KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?: +(.*?))? *$/;
// A plain scalar the core schema reads as a string in block context: starts with a letter (or is a
// relative path, `./x` or `../x`, as an implementation's link is), holds no comment, no `: ` (a nested
// map) and no character whose handling differs between YAML versions.
const PLAIN_BLOCK = unicodePattern(
  String.raw`^(?:[A-Za-z]|\.\.?\/)(?:[\x20-\x22\x24-\x39\x3b-\x7e]|:(?! |$)|(?=[^\x00-\x7f])[\p{L}\p{M}\p{N}\p{P}\p{S}])*$`,
  'u',
);
// In a flow list a plain scalar also ends at `,`, `[`, `]`, `{`, `}`; `:` is left to the library.
const PLAIN_FLOW = unicodePattern(
  String.raw`^[A-Za-z](?:[\x20-\x22\x24-\x2b\x2d-\x39\x3b-\x5a\x5c\x5e-\x7a\x7c\x7e]|(?=[^\x00-\x7f])[\p{L}\p{M}\p{N}])*$`,
  'u',
);
// Each pattern also for ASCII text alone, without the Unicode classes, which cost several times more a
// character: most values are ASCII, and either pattern accepting is enough.
interface Plain {
  ascii: RegExp;
  /** Built on first use (unicodePattern): an ASCII value never needs it. */
  any: () => RegExp;
}
const BLOCK: Plain = {
  ascii: /^(?:[A-Za-z]|\.\.?\/)(?:[\x20-\x22\x24-\x39\x3b-\x7e]|:(?! |$))*$/,
  any: PLAIN_BLOCK,
};
const FLOW: Plain = {
  ascii: /^[A-Za-z][\x20-\x22\x24-\x2b\x2d-\x39\x3b-\x5a\x5c\x5e-\x7a\x7c\x7e]*$/,
  any: PLAIN_FLOW,
};
/**
 * A whole number as the core schema reads it, in the form written without thinking about it
 * (`version: 1`): no sign, no leading zero, no more digits than a double holds exactly.
 */
const WHOLE = /^(?:0|[1-9][0-9]{0,14})$/;
/** A date the core schema keeps as a string (it has no timestamp type). */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Plain scalars the core schema reads as booleans or null rather than strings. */
export const NOT_STRINGS: Record<string, boolean | null> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  null: null,
  Null: null,
  NULL: null,
  '~': null,
};
// Beyond the subset: returned when a scalar is not one this reader is sure of.
const NO = Symbol('no');

function quoted(v: string): string | typeof NO {
  const q = v[0];
  if (v.length < 2 || v[v.length - 1] !== q) return NO;
  const inner = v.slice(1, -1);
  if (q === '"') return /["\\]/.test(inner) || !printable(inner) ? NO : inner;
  if (!printable(inner)) return NO;
  const unescaped = inner.replace(/''/g, '');
  return unescaped.includes("'") ? NO : inner.replace(/''/g, "'");
}

const PRINTABLE = unicodePattern(
  String.raw`^(?:[\x20-\x7e]|(?=[^\x00-\x7f])[\p{L}\p{M}\p{N}\p{P}\p{S}])*$`,
  'u',
);

function printable(s: string): boolean {
  if (/^[\x20-\x7e]*$/.test(s)) return true;
  return PRINTABLE().test(s);
}

function scalar(v: string, plain: Plain): unknown | typeof NO {
  const c = v[0];
  if (c === '"' || c === "'") return quoted(v);
  if (Object.hasOwn(NOT_STRINGS, v)) return NOT_STRINGS[v];
  if (DATE.test(v)) return v;
  if (WHOLE.test(v)) return Number(v);
  if ((plain.ascii.test(v) || plain.any().test(v)) && !v.endsWith(' ')) return v;
  return NO;
}

const FLOW_ITEM = / *("[^"\\]*"|'(?:[^']|'')*'|[^,"'[\]{}]*?) *(,|$)/y;

/** `[a, 'b', "c"]` as a list, recording each item's column; NO beyond the subset. */
function flowList(
  v: string,
  line: number,
  column: number,
  path: string,
  positions: Map<string, Position>,
): unknown {
  const inner = v.slice(1, -1);
  if (/^ *$/.test(inner)) return [];
  const out: unknown[] = [];
  FLOW_ITEM.lastIndex = 0;
  while (FLOW_ITEM.lastIndex < inner.length) {
    const at = FLOW_ITEM.lastIndex;
    const m = FLOW_ITEM.exec(inner);
    if (!m || m.index !== at || m[1] === '') return NO;
    const value = scalar(m[1]!, FLOW);
    if (value === NO) return NO;
    const lead = indentOf(m[0]);
    positions.set(`${path}\u0000${out.length}`, { line, column: column + 1 + at + lead });
    out.push(value);
    if (m[2] === '' && FLOW_ITEM.lastIndex < inner.length) return NO;
    if (m[2] === ',' && FLOW_ITEM.lastIndex >= inner.length) return NO;
  }
  return out;
}

/** A value on the key's own line: a scalar or a flow list. */
function inlineValue(
  v: string,
  line: number,
  column: number,
  path: string,
  positions: Map<string, Position>,
) {
  if (v[0] === '[') return v.endsWith(']') ? flowList(v, line, column, path, positions) : NO;
  return scalar(v, BLOCK);
}

// Only the space is YAML indentation and separation; trim() would also eat Unicode spaces, which are
// content.
function indentOf(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  return i;
}
const trimEnd = (s: string) => s.replace(/ +$/, '');
function skippable(s: string): boolean {
  const i = indentOf(s);
  return i === s.length || s.charCodeAt(i) === 35;
}

/** The frontmatter's data and key positions, or null when the text is beyond the fast subset. */
export function parseFrontmatterFast(text: string): FastYaml | null {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  if (lines.some((l) => l.includes('\t') || l.includes('\r'))) return null;
  const data: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    if (skippable(raw)) {
      // A comment must start its line (a `#` elsewhere might belong to a value).
      if (indentOf(raw) !== raw.length && indentOf(raw) !== 0) return null;
      i++;
      continue;
    }
    const m = KEY.exec(raw);
    if (!m || Object.hasOwn(data, m[1]!)) return null;
    const key = m[1]!;
    positions.set(key, { line: i + 1, column: 1 });
    i++;
    if (m[2] !== undefined && m[2] !== '') {
      const value = inlineValue(m[2], i, raw.indexOf(m[2], key.length + 1) + 1, key, positions);
      if (value === NO) return null;
      data[key] = value;
      continue;
    }
    // `key:` alone: null, or a block list or a map of scalars below it.
    let j = i;
    while (j < lines.length && skippable(lines[j]!)) j++;
    const next = lines[j];
    if (next === undefined || (indentOf(next) === 0 && !next.startsWith('-'))) {
      data[key] = null;
      continue;
    }
    const block =
      indentOf(next) > 0 && !next.startsWith('- ', indentOf(next))
        ? blockMap(lines, j, key, positions)
        : blockList(lines, j, key, positions);
    if (!block) return null;
    data[key] = block.items;
    i = block.end;
  }
  return { data, positions };
}

/**
 * An indented map starting at lines[start] whose values are scalars or flow lists, as a standard's
 * `scaffold:` holds `directories: [...]`; anything deeper is left to the library.
 */
function blockMap(
  lines: string[],
  start: number,
  path: string,
  positions: Map<string, Position>,
): { items: Record<string, unknown>; end: number } | null {
  const indent = indentOf(lines[start]!);
  const items: Record<string, unknown> = {};
  let i = start;
  for (; i < lines.length; i++) {
    const raw = lines[i]!;
    if (skippable(raw)) continue;
    const ind = indentOf(raw);
    if (ind === 0) break;
    if (ind !== indent) return null;
    const m = KEY.exec(raw.slice(ind));
    if (!m || m[2] === undefined || m[2] === '' || Object.hasOwn(items, m[1]!)) return null;
    const at = `${path}\u0000${m[1]}`;
    positions.set(at, { line: i + 1, column: ind + 1 });
    const value = inlineValue(m[2], i + 1, raw.indexOf(m[2], ind + m[1]!.length + 1) + 1, at, positions);
    if (value === NO) return null;
    items[m[1]!] = value;
  }
  return { items, end: i };
}

/** A block list starting at lines[start]: scalars or flat maps of scalars. */
function blockList(
  lines: string[],
  start: number,
  path: string,
  positions: Map<string, Position>,
): { items: unknown[]; end: number } | null {
  const indent = indentOf(lines[start]!);
  const items: unknown[] = [];
  let i = start;
  while (i < lines.length) {
    const raw = lines[i]!;
    if (skippable(raw)) {
      i++;
      continue;
    }
    const ind = indentOf(raw);
    if (ind < indent || (ind === indent && !raw.startsWith('- ', ind))) break;
    if (ind !== indent) return null;
    const itemPath = `${path}\u0000${items.length}`;
    const body = raw.slice(ind + 2 + indentOf(raw.slice(ind + 2)));
    const column = raw.length - body.length + 1;
    positions.set(itemPath, { line: i + 1, column });
    const m = KEY.exec(body);
    if (!m) {
      if (body.startsWith('[') || body.startsWith('- ')) return null;
      const value = scalar(trimEnd(body), BLOCK);
      if (value === NO) return null;
      items.push(value);
      i++;
      continue;
    }
    // `- key: value` and more `key: value` lines at the first key's column: one flat map.
    const map: Record<string, unknown> = {};
    let line = body;
    let lineNo = i;
    for (;;) {
      const km = KEY.exec(line);
      if (!km || km[2] === undefined || Object.hasOwn(map, km[1]!)) return null;
      const value = scalar(km[2], BLOCK);
      if (value === NO) return null;
      positions.set(`${itemPath}\u0000${km[1]}`, { line: lineNo + 1, column });
      map[km[1]!] = value;
      let k = lineNo + 1;
      while (k < lines.length && skippable(lines[k]!)) k++;
      const nextLine = lines[k];
      if (nextLine === undefined || indentOf(nextLine) !== column - 1) {
        // A deeper line would be a nested value; a line between the dash and the keys is not ours.
        if (nextLine !== undefined && indentOf(nextLine) > indent && !nextLine.startsWith('- ', indent))
          return null;
        i = k;
        break;
      }
      line = nextLine.slice(column - 1);
      lineNo = k;
    }
    items.push(map);
  }
  return { items, end: i };
}
