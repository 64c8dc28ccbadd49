import * as v from 'valibot';
import type { LineCounter } from 'yaml';
import { parseYamlInput, readText, schemaError } from '../../base/index.js';

/** Reads a YAML or JSON request file and checks it against a schema, pointing at the bad line. */
export function readInputFile<S extends v.GenericSchema>(
  path: string,
  schema: S,
  what: string,
): v.InferOutput<S> {
  const text = readText(path, path);
  const { raw, doc, lineCounter } = parseYamlInput(text, path, 'input/yaml-syntax', path);
  return parseInput(raw, schema, what, { file: path, doc, lineCounter });
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
