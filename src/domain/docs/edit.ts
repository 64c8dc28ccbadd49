// Edits splice the original text so everything the edit does not touch keeps its exact bytes.
import { isMap, isScalar, Scalar, stringify } from 'yaml';
import type { IdPrefixes } from './ids.js';
import { requirementId } from './ids.js';
import type { Doc, Requirement } from './model.js';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export function applySplices(source: string, splices: Splice[]): string {
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const s of sorted) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function eolOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * One YAML value without the line break `stringify` ends it with. Not `trimEnd()`: that also strips
 * Unicode spaces (U+1680, U+3000…) which YAML keeps as content, and would turn such a value into null.
 */
function yamlLine(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).replace(/\n+$/, '');
}

function doubleQuoted(value: string): string {
  const node = new Scalar(value);
  node.type = 'QUOTE_DOUBLE';
  return yamlLine(node);
}

/** A string as one line of YAML, in the quoting style of the value it replaces when possible. */
function scalarText(value: string, like: Scalar | null): string {
  if (/[\r\n]/.test(value) || like?.type === 'QUOTE_DOUBLE') return doubleQuoted(value);
  if (like?.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  const plain = yamlLine(value);
  return plain.includes('\n') ? doubleQuoted(value) : plain;
}

/**
 * Sets a top-level frontmatter key. An existing value is replaced where it stands (a one-line
 * string keeps its quoting style); a new key is appended. Bytes outside the edit do not change.
 */
export function setFrontmatter(doc: Doc, key: string, value: unknown): string {
  const fm = doc.fm;
  const eol = eolOf(doc.source);
  if (!fm) {
    const text = stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n/g, eol);
    // A byte-order mark must stay the first character, before the new opening fence.
    const bom = doc.source.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    return `${bom}---${eol}${text}---${eol}${eol}${doc.source.slice(bom.length)}`;
  }
  const quick = typeof value === 'string' ? plainLineEdit(doc, key, value, eol) : null;
  if (quick !== null) return quick;
  const existing = fm.doc.get(key, true);
  const pair = topLevelPair(fm.doc, key);
  const node = pair?.value;
  if (pair && node?.range) {
    // Replace only this key's value (a string in place, on one line, keeping its quoting style) or
    // its lines (`key:` through the end of its value); every other byte of the frontmatter stays.
    const [vs, ve] = node.range;
    const inPlace = typeof value === 'string' && isScalar(node) && ve > vs;
    const start = inPlace ? vs : pair.key.range[0];
    let end = ve;
    let text = inPlace
      ? scalarText(value, node as Scalar)
      : typeof value === 'string'
        ? `${key}: ${scalarText(value, null)}`
        : stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, '');
    const old = fm.text.slice(start, ve);
    if (old.endsWith('\n')) {
      // Block scalars and block collections own their line break.
      text += '\n';
    } else {
      // A comment after the old value stays on the key's line, where it cannot become content.
      const comment = /^[ \t]*#[^\r\n]*/.exec(fm.text.slice(ve))?.[0];
      if (comment && text.includes('\n')) {
        const nl = text.indexOf('\n');
        text = `${text.slice(0, nl)} ${comment.trimStart()}${text.slice(nl)}`;
        end += comment.length;
      }
    }
    // An empty value may sit right after the colon or right before a comment (`key: # note`).
    if (inPlace && fm.text.charAt(vs - 1) === ':') text = ` ${text}`;
    const next = fm.text.charAt(end);
    if (!text.endsWith('\n') && next && !/\s/.test(next)) text += ' ';
    return applySplices(doc.source, [
      { start: fm.start + start, end: fm.start + end, text: text.replace(/\n/g, eol) },
    ]);
  }
  if (pair || existing !== undefined) {
    // Complex values: re-serialise the frontmatter through the YAML document, which keeps comments and order.
    const clone = fm.doc.clone();
    clone.set(key, value);
    const text = clone.toString({ lineWidth: 0 }).replace(/\n/g, eol);
    return applySplices(doc.source, [{ start: fm.start, end: fm.end, text }]);
  }
  const text = stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n/g, eol);
  const at = fm.end;
  const needsEol = fm.text.length > 0 && !fm.text.endsWith('\n');
  return applySplices(doc.source, [{ start: at, end: at, text: (needsEol ? eol : '') + text }]);
}

const WORD = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The edit the YAML tree would make to a `key: word` line the fast reader read (a status, a date),
 * made without building the tree, which costs more than the rest of a status change. Null for
 * anything else.
 */
function plainLineEdit(doc: Doc, key: string, value: string, eol: string): string | null {
  const fm = doc.fm!;
  const pos = fm.positions?.get(key);
  const old = fm.data[key];
  if (pos?.column !== 1 || typeof old !== 'string' || !WORD.test(old)) return null;
  let at = 0;
  for (let line = 1; line < pos.line; line++) {
    at = fm.text.indexOf('\n', at) + 1;
    if (at === 0) return null;
  }
  const head = `${key}: `;
  const end = at + head.length + old.length;
  if (!fm.text.startsWith(head + old, at) || !/^(?:\r?\n|$)/.test(fm.text.slice(end, end + 2))) return null;
  const text = scalarText(value, null).replace(/\n/g, eol);
  return applySplices(doc.source, [{ start: fm.start + at + head.length, end: fm.start + end, text }]);
}

interface RangedNode {
  range?: [number, number, number] | null;
}

/** The `key: value` pair of a top-level plain key, when both ends have source positions. */
function topLevelPair(
  yamlDoc: NonNullable<Doc['fm']>['doc'],
  key: string,
): { key: { range: [number, number, number] }; value: RangedNode | null } | null {
  const contents = yamlDoc.contents;
  if (!isMap(contents)) return null;
  for (const item of contents.items) {
    const k = item.key as RangedNode & { value?: unknown };
    if (!isScalar(k) || k.value !== key || !k.range) continue;
    return { key: { range: k.range }, value: (item.value as RangedNode | null) ?? null };
  }
  return null;
}

/** Highest REQ number used in the documents given (IDs are never reused within a document family). */
export function maxRequirementNumber(reqs: Requirement[]): number {
  let max = 0;
  for (const r of reqs) {
    const m = /-(\d+)$/.exec(r.localId ?? '');
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Writes `**ID:** REQ-NNN` under every requirement heading that has none; returns the new text and the IDs given. */
export function assignRequirementIds(
  doc: Doc,
  prefixes: IdPrefixes,
  startAfter = maxRequirementNumber(doc.requirements),
): { source: string; assigned: { name: string; id: string }[] } {
  const eol = eolOf(doc.source);
  const splices: Splice[] = [];
  const assigned: { name: string; id: string }[] = [];
  const seen = new Set<string>();
  let next = startAfter;
  for (const r of doc.requirements) {
    if (r.localId && !seen.has(r.localId)) {
      seen.add(r.localId);
      continue;
    }
    const id = requirementId(++next, prefixes);
    assigned.push({ name: r.name, id });
    if (r.localId && r.idPos) {
      // A duplicated ID: the later requirement gets a fresh one in place.
      const line = doc.scanned.lines[r.idPos.line - 1]!;
      const col = r.idPos.column - 1;
      splices.push({ start: line.start + col, end: line.start + col + r.localId.length, text: id });
    } else {
      const heading = doc.scanned.lines[r.start]!;
      splices.push({ start: heading.end, end: heading.end, text: `${eol}${eol}**ID:** ${id}` });
    }
  }
  return { source: applySplices(doc.source, splices), assigned };
}

/** Inserts a rendered requirement at the end of the section that holds requirements of this role. */
export function insertRequirementText(doc: Doc, sectionEnd: number, rendered: string): string {
  const eol = eolOf(doc.source);
  const lines = doc.scanned.lines;
  // Insert after the last non-blank line of the section.
  let last = sectionEnd - 1;
  while (last > 0 && lines[last]!.text.trim() === '') last--;
  const at = lines[last]!.end;
  const text = rendered.replace(/\n/g, eol).trimEnd();
  return applySplices(doc.source, [{ start: at, end: at, text: `${eol}${eol}${text}` }]);
}
