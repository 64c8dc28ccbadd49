// `.openspec.yaml` per change. The skip_specs marker is honoured only when the whole file is valid
// metadata naming a known schema, as in OpenSpec: validate must not accept what `status` rejects.

import * as v from 'valibot';
import { LineCounter, parseDocument } from 'yaml';
import { parseFlatYaml } from './flat-yaml.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const Kebab = v.pipe(v.string(), v.regex(KEBAB, 'must be kebab-case'));
const nonEmpty = v.pipe(v.string(), v.minLength(1));

// OpenSpec's own schema: unknown keys are allowed (and ignored), as there.
const MetadataSchema = v.object({
  schema: v.pipe(v.string('schema is required'), v.minLength(1, 'schema is required')),
  created: v.optional(
    v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'created must be YYYY-MM-DD format')),
  ),
  goal: v.optional(nonEmpty),
  affected_areas: v.optional(v.array(nonEmpty)),
  initiative: v.optional(v.strictObject({ store: Kebab, id: Kebab })),
  skip_specs: v.optional(v.boolean()),
  retire_capabilities: v.optional(v.boolean()),
});

export type ChangeMetadata = v.InferOutput<typeof MetadataSchema>;

export interface MetadataProblem {
  message: string;
  line: number;
  column: number;
  /** The key the problem is about, when there is one. */
  key: string | null;
}

export interface MetadataRead {
  data: ChangeMetadata | null;
  syntaxError: boolean;
  /** The parsed YAML even when it is not valid metadata; null for a syntax error. */
  raw: unknown;
  problem: MetadataProblem | null;
}

export function readChangeMetadata(text: string): MetadataRead {
  let raw: unknown = parseFlatYaml(text);
  if (raw === null) {
    const parsed = parseFull(text);
    if ('problem' in parsed) return { data: null, syntaxError: true, raw: null, problem: parsed.problem };
    raw = parsed.raw;
  }
  const r = v.safeParse(MetadataSchema, raw);
  if (r.success) return { data: r.output, syntaxError: false, raw, problem: null };
  const issue = r.issues[0];
  const path = (issue.path ?? []).map((p) => String(p.key));
  const key = path.length > 0 ? path[0]! : null;
  const pos = (key !== null ? keyPosition(text, key) : null) ?? { line: 1, column: 1 };
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  return {
    data: null,
    syntaxError: false,
    raw,
    problem: {
      message: `${where}${issue.received === 'undefined' && key ? `${key} is required` : issue.message}`,
      ...pos,
      key,
    },
  };
}

function parseFull(text: string): { raw: unknown } | { problem: MetadataProblem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0];
    const message = `not valid YAML: ${err.message.split('\n')[0]}`;
    return { problem: { message, line: p?.line ?? 1, column: p?.col ?? 1, key: null } };
  }
  try {
    // toJS throws on an alias without an anchor, or on an alias bomb.
    return { raw: doc.toJS({ maxAliasCount: 50 }) };
  } catch (e) {
    const message = `not valid YAML: ${e instanceof Error ? e.message : String(e)}`;
    return { problem: { message, line: 1, column: 1, key: null } };
  }
}

export interface Marker {
  declared: boolean;
  /** Why a marker the author set cannot be honoured. */
  invalid: string | null;
}

const MENTIONS = (key: string) => new RegExp(`^\\s*(['"]?)${key}\\1\\s*:`, 'm');

/** Position of a top-level key written in the file, whether or not the YAML parses. */
export function keyPosition(text: string, key: string): { line: number; column: number } | null {
  const m = new RegExp(`^[ \\t]*(['"]?)${key}\\1[ \\t]*:`, 'm').exec(text);
  if (!m) return null;
  const line = text.slice(0, m.index).split('\n').length;
  return { line, column: m[0].search(/\S/) + 1 };
}

/**
 * Reads a boolean marker (`skip_specs`, `retire_capabilities`). A marker on invalid metadata is
 * reported, never silently dropped; `false` is the absence of a marker and never drags unrelated
 * problems in.
 */
export function readMarker(
  text: string,
  meta: MetadataRead,
  key: 'skip_specs' | 'retire_capabilities',
  knownSchema: (name: string) => boolean,
): Marker {
  if (meta.data) {
    if (meta.data[key] !== true) return { declared: false, invalid: null };
    if (!knownSchema(meta.data.schema))
      return { declared: false, invalid: `schema: unknown schema '${meta.data.schema}'` };
    return { declared: true, invalid: null };
  }
  if (meta.syntaxError) {
    return MENTIONS(key).test(text)
      ? { declared: false, invalid: 'the file is not valid YAML' }
      : { declared: false, invalid: null };
  }
  const raw = meta.raw;
  const mentioned =
    typeof raw === 'object' && raw !== null && key in raw && (raw as Record<string, unknown>)[key] !== false;
  return mentioned
    ? { declared: false, invalid: meta.problem?.message ?? 'invalid metadata' }
    : { declared: false, invalid: null };
}
