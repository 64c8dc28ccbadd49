import { type Doc, type DocSet, idScheme, parseDoc } from '../../../src/domain/docs/index.js';
import type { Finding } from '../../../src/domain/findings/index.js';
import { lintDocs } from '../../../src/domain/lint/index.js';

export const scheme = idScheme();

/** Parses one document as if it lived at `/ws/<file>`. */
export function parse(file: string, source: string): Doc {
  return parseDoc({ source, file, path: `/ws/${file}`, scheme });
}

export function docSet(docs: Doc[]): DocSet {
  return { root: '/ws', docsRoot: '/ws/docs', scheme, docs, problems: [] };
}

/** Lints `{ 'docs/specs/SPEC-0001-x.md': source }` as one workspace. */
export function lintFiles(files: Record<string, string>): Finding[] {
  return lintDocs(docSet(Object.entries(files).map(([f, s]) => parse(f, s))));
}

/** `code@line:col` for every error and warning of one file (infos left out). */
export function codesOf(findings: Finding[], file?: string): string[] {
  return findings
    .filter((f) => f.severity !== 'info' && (!file || f.file === file))
    .map((f) => `${f.code}@${f.line}:${f.column}`);
}

/**
 * Cuts a template literal's common indentation so fixtures can be written indented. Only the
 * literal text is dedented: interpolated values (multi-line fragments) are inserted as they are.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const HOLE = '\u0000';
  const lines = strings.join(HOLE).replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.replace(HOLE, '').trim()).map((l) => l.length - l.trimStart().length),
  );
  let i = 0;
  return lines
    .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
    .join('\n')
    .replace(/\u0000/g, () => String(values[i++]));
}

/** 1-based line and column of the first occurrence of `needle` in `source` (after `from`). */
export function posOf(source: string, needle: string, from = 0): { line: number; column: number } {
  const at = source.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in source`);
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - (before.lastIndexOf('\n') + 1) + 1 };
}
