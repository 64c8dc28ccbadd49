import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import { type FastYaml, parseFrontmatterFast, pathKey } from '../../base/index.js';

export interface FrontmatterProblem {
  code: string;
  message: string;
  line: number;
  column: number;
}

export interface Frontmatter {
  /** The YAML text between the fences. */
  text: string;
  /** Offset of `text` in the file. */
  start: number;
  end: number;
  /** 1-based line number of the first YAML line. */
  firstLine: number;
  /** Line index (0-based, into the file's lines) of the first line after the closing fence. */
  bodyLineIndex: number;
  data: Record<string, unknown>;
  /** The YAML document tree (built on first use when the fast path read the data). */
  doc: Document;
  lineCounter: LineCounter;
  problems: FrontmatterProblem[];
  /** Key positions from the fast path; absent when the YAML library read the text. */
  positions?: FastYaml['positions'];
}

/** Whether the line from `pos` to `nl` (a CR before `nl` aside) is `---` or `...`. */
function isFence(source: string, pos: number, nl: number): boolean {
  const end = nl > pos && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  return end - pos === 3 && (source.startsWith('---', pos) || source.startsWith('...', pos));
}

/** Finds a leading `---` block and parses it as YAML, keeping positions for every key. */
export function readFrontmatter(source: string): Frontmatter | null {
  const offset = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!source.startsWith('---', offset)) return null;
  const firstEol = source.indexOf('\n', offset);
  if (firstEol === -1 || source.slice(offset + 3, firstEol).trim() !== '') return null;
  const start = firstEol + 1;
  let pos = start;
  let lineIdx = 1;
  while (pos <= source.length) {
    let nl = source.indexOf('\n', pos);
    if (nl === -1) nl = source.length;
    if (isFence(source, pos, nl)) {
      return parseYamlBlock(source.slice(start, pos), start, pos, lineIdx + 1);
    }
    if (nl === source.length) break;
    pos = nl + 1;
    lineIdx++;
  }
  // Unclosed: nothing tells where the YAML was meant to end, so the Markdown body is read from
  // the line after the opening fence (the title and sections are still found and checked).
  return {
    text: source.slice(start),
    start,
    end: source.length,
    firstLine: 2,
    bodyLineIndex: 1,
    data: {},
    doc: parseDocument(''),
    lineCounter: new LineCounter(),
    problems: [
      {
        code: 'frontmatter/unclosed',
        message: 'Frontmatter starts with --- but is never closed',
        line: 1,
        column: 1,
      },
    ],
  };
}

export function parseYamlBlock(text: string, start: number, end: number, bodyLineIndex: number): Frontmatter {
  const fast = parseFrontmatterFast(text);
  if (fast) return lazyTree(text, start, end, bodyLineIndex, fast);
  return parseWithLibrary(text, start, end, bodyLineIndex);
}

/**
 * Frontmatter the fast path read: data and positions now, the YAML tree only when an edit asks for
 * it. Most commands never do, and keeping a tree per document alive was most of validate's memory.
 * A class, not an object literal with getters: a literal's getters are new closures each time, which
 * gives every object a hidden class of its own, and that class (old-generation data) kept whatever
 * the closures saw alive through every young-generation collection until a full one.
 */
class LazyFrontmatter implements Frontmatter {
  readonly firstLine = 2;
  readonly problems: FrontmatterProblem[] = [];
  readonly data: Record<string, unknown>;
  readonly positions: FastYaml['positions'];
  #tree: Frontmatter | undefined;
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly bodyLineIndex: number,
    fast: FastYaml,
  ) {
    this.data = fast.data;
    this.positions = fast.positions;
  }

  #full(): Frontmatter {
    this.#tree ??= parseWithLibrary(this.text, this.start, this.end, this.bodyLineIndex);
    return this.#tree;
  }

  get doc(): Document {
    return this.#full().doc;
  }

  get lineCounter(): LineCounter {
    return this.#full().lineCounter;
  }
}

function lazyTree(
  text: string,
  start: number,
  end: number,
  bodyLineIndex: number,
  fast: FastYaml,
): Frontmatter {
  return new LazyFrontmatter(text, start, end, bodyLineIndex, fast);
}

function parseWithLibrary(text: string, start: number, end: number, bodyLineIndex: number): Frontmatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const problems: FrontmatterProblem[] = [];
  for (const e of doc.errors) {
    // With prettyErrors off, yaml leaves `linePos` unset: compute it from the offset.
    const p = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    problems.push({
      code: e.code === 'DUPLICATE_KEY' ? 'frontmatter/duplicate-key' : 'frontmatter/yaml-syntax',
      message: e.message.split('\n')[0]!,
      line: p.line + 1,
      column: p.col,
    });
  }
  let data: Record<string, unknown> = {};
  if (problems.length === 0) {
    if (doc.contents && !isMap(doc.contents)) {
      problems.push({
        code: 'frontmatter/not-a-map',
        message: 'Frontmatter must be a YAML mapping of keys to values',
        line: 2,
        column: 1,
      });
    } else {
      try {
        data = (doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown> | null) ?? {};
      } catch (e) {
        // toJS throws on alias bombs (maxAliasCount); that is bad content, not a crash.
        problems.push({
          code: 'frontmatter/yaml-syntax',
          message: (e as Error).message.split('\n')[0]!,
          line: 2,
          column: 1,
        });
      }
    }
  }
  return { text, start, end, firstLine: 2, bodyLineIndex, data, doc, lineCounter, problems };
}

/** 1-based line/column of a frontmatter key (or of the frontmatter itself when the key is absent). */
export function keyPosition(fm: Frontmatter, path: (string | number)[]): { line: number; column: number } {
  if (fm.positions) return fastKeyPosition(fm, fm.positions, path);
  let node: unknown = fm.doc.contents;
  let found: { range?: [number, number, number] } | undefined;
  for (const seg of path) {
    if (!node || typeof node !== 'object' || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    if (typeof seg === 'number') {
      node = items[seg];
      found = node as typeof found;
    } else {
      const pair = items.find((p) => (p as { key?: { value?: unknown } }).key?.value === seg) as
        | { key?: { range?: [number, number, number] }; value?: unknown }
        | undefined;
      if (!pair) break;
      found = pair.key;
      node = pair.value;
    }
  }
  if (!found?.range) return { line: fm.firstLine - 1, column: 1 };
  const p = fm.lineCounter.linePos(found.range[0]);
  return { line: p.line + fm.firstLine - 1, column: p.col };
}

/** keyPosition over the fast path's positions, walking the data the way keyPosition walks the tree. */
function fastKeyPosition(
  fm: Frontmatter,
  positions: FastYaml['positions'],
  path: (string | number)[],
): { line: number; column: number } {
  let value: unknown = fm.data;
  let found: { line: number; column: number } | undefined;
  for (let i = 0; i < path.length; i++) {
    if (!value || typeof value !== 'object') break;
    const seg = path[i]!;
    if (typeof seg === 'number') {
      // An index into a map names a key-value pair, which has no position of its own.
      found = Array.isArray(value) ? positions.get(pathKey(path.slice(0, i + 1))) : undefined;
      value = Array.isArray(value) ? value[seg] : undefined;
    } else {
      if (Array.isArray(value) || !Object.hasOwn(value, seg)) break;
      found = positions.get(pathKey(path.slice(0, i + 1)));
      value = (value as Record<string, unknown>)[seg];
    }
  }
  if (!found) return { line: fm.firstLine - 1, column: 1 };
  return { line: found.line + fm.firstLine - 1, column: found.column };
}
