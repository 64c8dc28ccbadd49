import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PtError, readText, zodToPtError } from '../../base/index.js';

/** Reads a YAML or JSON request file and checks it against a schema, pointing at the bad line. */
export function readInputFile<S extends z.ZodType>(path: string, schema: S, what: string): z.infer<S> {
  const text = readText(path, path);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0];
    throw new PtError(
      'input/yaml-syntax',
      `${path} is not valid YAML or JSON: ${err.message.split('\n')[0]}`,
      {
        hint: 'Fix the syntax at the location shown.',
        location: { file: path, line: p?.line ?? 1, column: p?.col ?? 1 },
        exit: 2,
      },
    );
  }
  return parseInput(doc.toJS(), schema, what, { file: path, doc, lineCounter });
}

export function parseInput<S extends z.ZodType>(
  raw: unknown,
  schema: S,
  what: string,
  where: { file: string; doc?: import('yaml').Document; lineCounter?: LineCounter } = { file: '<flags>' },
): z.infer<S> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  throw zodToPtError(r.error, { ...where, code: 'input/invalid', what });
}
