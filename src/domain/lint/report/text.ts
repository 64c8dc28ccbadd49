import type { Finding } from '../../findings/index.js';
import type { LintSummary } from '../summary.js';

export interface TextOptions {
  color?: boolean;
  /** Show info-level findings (hidden by default to keep CI logs short). */
  verbose?: boolean;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function formatFinding(f: Finding, color = false): string {
  const where = `${f.file}:${f.line ?? 1}:${f.column ?? 1}`;
  const sev =
    f.severity === 'error'
      ? paint(color, 31, 'error')
      : f.severity === 'warning'
        ? paint(color, 33, 'warning')
        : paint(color, 36, 'info');
  let s = `${where} ${sev} ${f.code} ${f.message}`;
  if (f.hint) s += `\n    hint: ${f.hint}`;
  for (const r of f.related ?? []) s += `\n    see: ${r.file}:${r.line ?? 1}:${r.column ?? 1} ${r.message}`;
  return s;
}

export function formatText(
  findings: Finding[],
  summary: LintSummary,
  ok: boolean,
  opts: TextOptions = {},
): string {
  const shown = opts.verbose ? findings : findings.filter((f) => f.severity !== 'info');
  const lines = shown.map((f) => formatFinding(f, opts.color));
  const hidden = findings.length - shown.length;
  const counts = `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.infos} info`;
  const tail = hidden ? ` (${hidden} info hidden; --verbose shows them)` : '';
  lines.push(
    `${ok ? paint(!!opts.color, 32, '✔') : paint(!!opts.color, 31, '✖')} ${summary.documents} document${summary.documents === 1 ? '' : 's'} checked: ${counts}${tail}`,
  );
  return `${lines.join('\n')}\n`;
}
