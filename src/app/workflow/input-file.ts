import * as v from 'valibot';
import { LineCounter, parseDocument } from 'yaml';
import { PtError, readText, schemaError } from '../../base/index.js';

/** Reads a YAML or JSON request file and checks it against a schema, pointing at the bad line. */
export function readInputFile<S extends v.GenericSchema>(
  path: string,
  schema: S,
  what: string,
): v.InferOutput<S> {
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

export function parseInput<S extends v.GenericSchema>(
  raw: unknown,
  schema: S,
  what: string,
  where: { file: string; doc?: import('yaml').Document; lineCounter?: LineCounter } = { file: '<flags>' },
): v.InferOutput<S> {
  const r = v.safeParse(schema, raw ?? {});
  if (r.success) return r.output;
  throw schemaError(r.issues, { ...where, code: 'input/invalid', what });
}
