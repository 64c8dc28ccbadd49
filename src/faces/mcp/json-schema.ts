// The JSON Schema a tool advertises, derived from the valibot schema that checks its input, so that
// what the assistant is told and what Papertrail accepts cannot drift apart. Only what helps a model
// fill the arguments is emitted (types, required, enums, patterns, descriptions): every
// token here is paid by every conversation, and valibot still checks everything on the call.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  description?: string;
  additionalProperties?: boolean;
}

interface Action {
  kind: string;
  type: string;
  requirement?: unknown;
  description?: string;
}

interface Node {
  kind: string;
  type: string;
  entries?: Record<string, Node>;
  wrapped?: Node;
  item?: Node;
  options?: unknown[];
  pipe?: (Action | Node)[];
}

/** The validations of a schema, including those of a piped schema it starts from. */
function actions(s: Node): Action[] {
  return (s.pipe ?? []).flatMap((a, i) =>
    i === 0 && a.kind === 'schema' ? actions(a as Node) : a.kind === 'schema' ? [] : [a as Action],
  );
}

const OPTIONAL = new Set(['optional', 'nullish', 'exact_optional']);

export function isOptional(s: unknown): boolean {
  return OPTIONAL.has((s as Node).type);
}

export function toJsonSchema(schema: unknown): JsonSchema {
  const s = schema as Node;
  let out: JsonSchema;
  switch (s.type) {
    case 'optional':
    case 'nullish':
    case 'exact_optional':
      return toJsonSchema(s.wrapped);
    case 'object':
    case 'strict_object':
    case 'loose_object': {
      const entries = Object.entries(s.entries ?? {});
      const required = entries.filter(([, e]) => !isOptional(e)).map(([k]) => k);
      out = {
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, e]) => [k, toJsonSchema(e)])),
        ...(required.length ? { required } : {}),
      };
      break;
    }
    case 'array':
      out = { type: 'array', items: toJsonSchema(s.item) };
      break;
    case 'union':
      out = merge((s.options as Node[]).map(toJsonSchema));
      break;
    case 'picklist':
      out = { type: 'string', enum: s.options as unknown[] };
      break;
    case 'string':
    case 'boolean':
    case 'number':
      out = { type: s.type };
      break;
    default:
      out = {};
  }
  for (const a of actions(s)) {
    if (a.type === 'integer') out.type = 'integer';
    else if (a.type === 'regex') out.pattern = (a.requirement as RegExp).source;
    else if (a.type === 'description' && a.description) out.description = a.description;
  }
  return out;
}

/**
 * "A string or a list of strings" as one schema with a list of types: each keyword applies only to its
 * own type (items to arrays, properties to objects), so options that share no keyword merge exactly.
 */
function merge(options: JsonSchema[]): JsonSchema {
  const out: JsonSchema = { type: [] };
  for (const o of options) {
    const { type, ...rest } = o;
    if (!type || Object.keys(rest).some((k) => k in out)) return { anyOf: options };
    (out.type as string[]).push(...(Array.isArray(type) ? type : [type]));
    Object.assign(out, rest);
  }
  return out;
}
