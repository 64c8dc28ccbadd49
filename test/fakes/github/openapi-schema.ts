// Turns OpenAPI 3.0 schema objects into JSON Schema (draft-07) that Ajv understands:
// `nullable` becomes a `null` type/alternative, and `#/components/schemas/x` refs are
// collected into `definitions` so each compiled schema is self-contained.

type Json = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

export type ComponentSchemas = Record<string, unknown>;

/** A self-contained JSON Schema for `schema`, with every referenced component inlined as a definition. */
export function toJsonSchema(schema: unknown, components: ComponentSchemas): Json {
  const definitions: Json = {};
  const pending: string[] = [];
  const root = convert(schema, pending) as Json;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name in definitions) continue;
    definitions[name] = convert(components[name], pending);
  }
  return { ...root, definitions };
}

function convert(node: unknown, pending: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, pending));
  if (node === null || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) {
      const name = value.slice(COMPONENT_PREFIX.length);
      pending.push(name);
      out.$ref = `#/definitions/${escapePointer(name)}`;
      continue;
    }
    // `properties` maps names to schemas; its keys must not be read as keywords.
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, convert(v, pending)]),
      );
      continue;
    }
    out[key] = convert(value, pending);
  }
  return src.nullable === true ? makeNullable(out) : out;
}

function makeNullable(schema: Json): Json {
  if (typeof schema.type === 'string' && !schema.$ref) {
    const withNull: Json = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) withNull.enum = [...schema.enum, null];
    return withNull;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
