// A fast path for the YAML `openspec new change` writes: flat `key: plain-scalar` lines. Parsing
// 500 such files with the full YAML library costs more than reading them, so anything beyond this
// subset (quotes, lists, anchors, numbers, colons in values, indentation) returns null and the
// caller falls back to the real parser. Results match YAML 1.2 core-schema values for the subset.
import { DATE, NOT_STRINGS } from '../markdown/index.js';

const LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$/;
// A plain scalar that the core schema reads as a string: starts with a letter, no YAML indicators.
const PLAIN = /^[A-Za-z][^#:'"{}[\],&*!|>%@`]*$/;

export function parseFlatYaml(text: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const t = line.trim();
    if (t === '' || (t.startsWith('#') && line.startsWith('#'))) continue;
    const m = LINE.exec(line);
    if (!m) return null;
    const key = m[1]!;
    if (Object.hasOwn(out, key)) return null;
    const v = m[2] ?? '';
    if (v === '') out[key] = null;
    else if (Object.hasOwn(NOT_STRINGS, v)) out[key] = NOT_STRINGS[v];
    else if (DATE.test(v) || PLAIN.test(v)) out[key] = v;
    else return null;
    keys++;
  }
  return keys > 0 ? out : null;
}
