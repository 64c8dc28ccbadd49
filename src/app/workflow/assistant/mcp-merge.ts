// Registers the papertrail server in an MCP configuration the project already has. The file is edited as
// text, so its other servers, its layout and (in .vscode/mcp.json, which is JSONC) its comments stay as
// they are; a file that cannot be read that way is left alone and the result says what to add by hand.
import { MCP_SERVER } from './files.js';

export type McpMerge =
  /** The file already registers papertrail (or a server of its own under that name): left as it is. */
  | { action: 'keep' }
  | { action: 'merge'; content: string }
  /** Not changed: `why` it could not be edited, and the entry to add under `key` by hand. */
  | { action: 'manual'; why: string; add: string };

interface Token {
  kind: 'string' | 'punct' | 'value';
  start: number;
  end: number;
}

/** Tokens of a JSON or JSONC text (comments skipped), or null where it is not even that. */
function tokenize(text: string): Token[] | null {
  const out: Token[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return null;
      i = close + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return null;
      out.push({ kind: 'string', start: i, end: j + 1 });
      i = j + 1;
    } else if ('{}[]:,'.includes(c)) {
      out.push({ kind: 'punct', start: i, end: i + 1 });
      i++;
    } else {
      const m = /^[-+.\w]+/.exec(text.slice(i));
      if (!m) return null;
      out.push({ kind: 'value', start: i, end: i + m[0].length });
      i += m[0].length;
    }
  }
  return out;
}

/** The value of a JSONC text: comments and trailing commas dropped, then read as JSON. */
function parseJsonc(text: string): unknown {
  const tokens = tokenize(text);
  if (!tokens) throw new SyntaxError('not JSON');
  const parts: string[] = [];
  tokens.forEach((t, n) => {
    const s = text.slice(t.start, t.end);
    const next = tokens[n + 1] && text[tokens[n + 1]!.start];
    if (s === ',' && (next === '}' || next === ']')) return;
    parts.push(s);
  });
  return JSON.parse(parts.join(' '));
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Index of the token closing the object or array opened at tokens[open]. */
function closing(tokens: Token[], text: string, open: number): number {
  let depth = 0;
  for (let n = open; n < tokens.length; n++) {
    const c = text[tokens[n]!.start];
    if (tokens[n]!.kind !== 'punct') continue;
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    if (depth === 0) return n;
  }
  return -1;
}

/** The token index of `key`'s value among the members of the object opened at tokens[open]. */
function member(tokens: Token[], text: string, open: number, key: string): number {
  const end = closing(tokens, text, open);
  for (let n = open + 1; n < end; n++) {
    const t = tokens[n]!;
    if (t.kind === 'string' && text[tokens[n + 1]?.start ?? -1] === ':') {
      if (JSON.parse(text.slice(t.start, t.end)) === key) return n + 2;
      n += 2;
      const v = tokens[n]!;
      if (v.kind === 'punct') n = closing(tokens, text, n);
    }
  }
  return -1;
}

const lineIndent = (text: string, at: number) =>
  /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0];

/** Adds `"name": value` as the last member of the object opened at tokens[open], in its layout. */
function insertMember(text: string, tokens: Token[], open: number, name: string, value: unknown): string {
  const end = closing(tokens, text, open);
  const close = tokens[end]!;
  const outer = lineIndent(text, tokens[open]!.start);
  const first = tokens[open + 1]!;
  const unit = /\t/.test(outer) ? '\t' : '  ';
  const inner = end > open + 1 ? lineIndent(text, first.start) : outer + unit;
  const step = inner.length > outer.length ? inner.slice(outer.length) : unit;
  const body = JSON.stringify(value, null, step).replace(/\n/g, `\n${inner}`);
  const entry = `${inner}${JSON.stringify(name)}: ${body}`;
  if (end === open + 1) {
    return `${text.slice(0, tokens[open]!.end)}\n${entry}\n${outer}${text.slice(close.start)}`;
  }
  const last = tokens[end - 1]!;
  const comma = text[last.start] === ',' ? '' : ',';
  // After the last member (and any comment on its line), before the closing brace.
  const lineEnd = text.indexOf('\n', last.end);
  const at = lineEnd >= 0 && lineEnd < close.start ? lineEnd : last.end;
  const before = `${text.slice(0, last.end)}${comma}${text.slice(last.end, at)}`;
  const after = text.slice(at);
  return at === last.end
    ? `${before}\n${entry}${after.startsWith('\n') ? '' : `\n${outer}`}${after}`
    : `${before}\n${entry}${after}`;
}

/**
 * `current` with `servers[name] = entry` (key `servers` for VS Code, `mcpServers` for Claude Code).
 * An entry already under that name is the project's and is kept, unless it is one Papertrail wrote
 * itself in an earlier form (`formerly`), which is brought up to date.
 */
export function mergeMcpServer(
  current: string,
  key: string,
  name: string,
  entry: Record<string, unknown>,
  formerly: Record<string, unknown>[] = [],
): McpMerge {
  const add = `"${name}": ${JSON.stringify(entry)}`;
  const manual = (why: string): McpMerge => ({
    action: 'manual',
    why,
    add: `${add} (inside "${key}")`,
  });
  let value: unknown;
  try {
    value = parseJsonc(current);
  } catch {
    return manual('it is not valid JSON');
  }
  if (!isObject(value)) return manual('it does not hold a JSON object');
  const servers = value[key];
  if (servers !== undefined && !isObject(servers)) return manual(`its "${key}" is not an object`);
  const have = servers?.[name];
  const same = (x: unknown) => JSON.stringify(x) === JSON.stringify(entry);
  if (have !== undefined && (same(have) || !formerly.some((f) => JSON.stringify(f) === JSON.stringify(have))))
    return { action: 'keep' };
  const tokens = tokenize(current)!;
  let content: string;
  if (servers === undefined) content = insertMember(current, tokens, 0, key, { [name]: entry });
  else {
    const open = member(tokens, current, 0, key);
    if (have === undefined) content = insertMember(current, tokens, open, name, entry);
    else {
      const at = member(tokens, current, open, name);
      const stop = tokens[closing(tokens, current, at)]!;
      const indent = lineIndent(current, tokens[at - 2]!.start);
      const body = JSON.stringify(entry, null, '  ').replace(/\n/g, `\n${indent}`);
      content = current.slice(0, tokens[at]!.start) + body + current.slice(stop.end);
    }
  }
  // The edit is checked by reading it back: anything else than the one change leaves the file alone.
  const want = { ...value, [key]: { ...(servers ?? {}), [name]: entry } };
  try {
    if (JSON.stringify(parseJsonc(content)) !== JSON.stringify(want)) return manual('its layout is unusual');
  } catch {
    return manual('its layout is unusual');
  }
  return { action: 'merge', content };
}

/** The MCP configuration files Papertrail writes, and the key each lists its servers under. */
const MCP_CONFIG_KEYS = new Map([
  ['.vscode/mcp.json', 'servers'],
  ['.mcp.json', 'mcpServers'],
]);

/** Whether `path` (relative to the repository) is one of the MCP configurations Papertrail writes. */
export const isMcpConfig = (path: string) => MCP_CONFIG_KEYS.has(path);

/** What earlier versions wrote, which named a package of someone else's. */
const FORMER_ENTRIES = [{ type: 'stdio', command: 'npx', args: ['papertrail', 'mcp'] }];

/** `current` (an existing MCP configuration at `path`) with the papertrail server registered. */
export function mergeMcpConfig(path: string, current: string): McpMerge {
  const key = MCP_CONFIG_KEYS.get(path);
  if (!key) throw new Error(`${path} is not an MCP configuration`);
  return mergeMcpServer(current, key, 'papertrail', { type: 'stdio', ...MCP_SERVER }, FORMER_ENTRIES);
}
