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

/** A schema issue as the user reads it: what is wrong and where it is written. */
function located(issue: BaseIssue<unknown>, ctx: SchemaContext) {
  const path = keyPath(issue);
  const d = describe(issue, path);
  return { ...d, at: positionOf(ctx, path, d.code === 'unknown') };
}

/**
 * Turns the first schema issue into a PtError that names the field and points at it in the YAML; the
 * hint names the others with their lines, so one run shows everything to fix.
 */
export function schemaError(issues: readonly BaseIssue<unknown>[], ctx: SchemaContext): PtError {
  const [first, ...others] = issues.slice(0, SHOWN + 1).map((i) => located(i, ctx));
  const d = first!;
  const also = others.map((o) => (ctx.doc ? `${o.message} (line ${o.at.line})` : o.message));
  const more = issues.length > SHOWN + 1 ? `; and ${issues.length - SHOWN - 1} more` : '';
  return new PtError(d.code === 'unknown' ? 'input/unknown-field' : ctx.code, `${ctx.what}: ${d.message}`, {
    hint: also.length ? `Also: ${also.join('; ')}${more}.` : 'Fix the field and run the command again.',
    location: { file: ctx.file, ...d.at },
    exit: 2,
    details: issues.map((i) => ({ path: keyPath(i).join('.'), message: i.message })),
  });
}
