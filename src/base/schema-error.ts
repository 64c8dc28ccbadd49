import type { BaseIssue } from 'valibot';
import type { Document, LineCounter } from 'yaml';
import { PtError } from './errors.js';

export interface SchemaContext {
  file: string;
  doc?: Document;
  lineCounter?: LineCounter;
  code: string;
  what: string;
}

type Path = (string | number)[];

function keyPath(issue: BaseIssue<unknown>): Path {
  return (issue.path ?? []).map((p) => p.key as string | number);
}

/** Where a path is written in the YAML: the key for an unknown field, else the value, else the nearest parent. */
function positionOf(ctx: SchemaContext, path: Path, atKey: boolean): { line: number; column: number } {
  if (!ctx.doc || !ctx.lineCounter) return { line: 1, column: 1 };
  for (let n = path.length; n >= 0; n--) {
    if (n > 0 && (atKey || n < path.length)) {
      const parent = ctx.doc.getIn(path.slice(0, n - 1), true) as
        | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
        | undefined;
      const pair = parent?.items?.find((p) => p.key?.value === path[n - 1]);
      if (pair?.key?.range && atKey && n === path.length) {
        const p = ctx.lineCounter.linePos(pair.key.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    const node = ctx.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range && !(atKey && n === path.length)) {
      const p = ctx.lineCounter.linePos(node.range[0]);
      return { line: p.line, column: p.col };
    }
  }
  return { line: 1, column: 1 };
}

function describe(
  issue: BaseIssue<unknown>,
  path: Path,
): { code: 'unknown' | 'missing' | 'other'; message: string } {
  const where = path.length ? `"${path.join('.')}"` : 'the document';
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return { code: 'unknown', message: `unknown field "${path.join('.')}"` };
  }
  if (issue.received === 'undefined' && (issue.type === 'strict_object' || issue.type === 'object')) {
    return { code: 'missing', message: `${where} is required` };
  }
  const msg = issue.message.replace(/^Invalid (type|key|length|value): /, '');
  return {
    code: 'other',
    message: `${where} ${/^Expected/.test(msg) ? msg.replace(/^Expected/, 'must be') : msg}`,
  };
}

/** How many of the other problems the hint spells out; details has them all. */
const SHOWN = 5;

/** Another problem in one phrase with its line, so one run shows everything to fix. */
function alsoLine(issue: BaseIssue<unknown>, ctx: SchemaContext): string {
  const path = keyPath(issue);
  const d = describe(issue, path);
  const at = positionOf(ctx, path, d.code === 'unknown');
  return ctx.doc ? `${d.message} (line ${at.line})` : d.message;
}

/**
 * Turns the first schema issue into a PtError that names the field and points at it in the YAML; the
 * hint names the others.
 */
export function schemaError(issues: readonly BaseIssue<unknown>[], ctx: SchemaContext): PtError {
  const issue = issues[0]!;
  const path = keyPath(issue);
  const d = describe(issue, path);
  const others = issues.slice(1);
  const more = others.length > SHOWN ? `; and ${others.length - SHOWN} more` : '';
  return new PtError(d.code === 'unknown' ? 'input/unknown-field' : ctx.code, `${ctx.what}: ${d.message}`, {
    hint: others.length
      ? `Also: ${others
          .slice(0, SHOWN)
          .map((i) => alsoLine(i, ctx))
          .join('; ')}${more}.`
      : 'Fix the field and run the command again.',
    location: { file: ctx.file, ...positionOf(ctx, path, d.code === 'unknown') },
    exit: 2,
    details: issues.map((i) => ({ path: keyPath(i).join('.'), message: i.message })),
  });
}
