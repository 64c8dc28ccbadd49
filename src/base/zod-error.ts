import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { PtError } from './errors.js';

export interface ZodContext {
  file: string;
  doc?: Document;
  lineCounter?: LineCounter;
  code: string;
  what: string;
  /** Added to line numbers when the YAML starts below line 1 (frontmatter). */
  lineOffset?: number;
}

function positionOf(ctx: ZodContext, path: PropertyKey[], atKey = false): { line: number; column: number } {
  if (!ctx.doc || !ctx.lineCounter) return { line: 1, column: 1 };
  let best: { line: number; col: number } = { line: 1, col: 1 };
  for (let n = path.length; n >= 0; n--) {
    const node = atKey && n === path.length ? undefined : (ctx.doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined);
    if (node?.range) {
      best = ctx.lineCounter.linePos(node.range[0]);
      break;
    }
    // For an unknown key, point at the key itself.
    if (n > 0) {
      const parent = ctx.doc.getIn(path.slice(0, n - 1) as (string | number)[], true) as
        | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
        | undefined;
      const pair = parent?.items?.find((p) => p.key?.value === path[n - 1]);
      if (pair?.key?.range) {
        best = ctx.lineCounter.linePos(pair.key.range[0]);
        break;
      }
    }
  }
  return { line: best.line + (ctx.lineOffset ?? 0), column: best.col };
}

/** Turns the first zod issue into a PtError that names the field and points at it in the YAML. */
export function zodToPtError(error: z.ZodError, ctx: ZodContext): PtError {
  const issue = error.issues[0]!;
  let path = issue.path as PropertyKey[];
  let message: string;
  let code = ctx.code;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    path = [...path, key];
    code = 'input/unknown-field';
    message = `${ctx.what}: unknown field "${[...issue.path, key].join('.')}"`;
  } else {
    const where = path.length ? `"${path.join('.')}"` : 'the document';
    message = `${ctx.what}: ${where} ${issue.message.replace(/^Invalid input: /, '')}`;
  }
  return new PtError(code, message, {
    hint:
      error.issues.length > 1
        ? `${error.issues.length - 1} more problem(s) after this one.`
        : 'Fix the field and run the command again.',
    location: { file: ctx.file, ...positionOf(ctx, path, issue.code === 'unrecognized_keys') },
    exit: 2,
    details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
