import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toJsonSchema } from '../../../src/faces/mcp/json-schema.js';

describe('toJsonSchema (valibot → the JSON Schema a tool advertises)', () => {
  it('keeps types, required fields, enums, patterns (also of piped schemas) and integers', () => {
    const repo = v.pipe(v.string(), v.regex(/^\w+\/\w+$/));
    const s = v.strictObject({
      name: v.pipe(v.string(), v.trim(), v.minLength(1)),
      repo: v.pipe(
        repo,
        v.transform((r) => r.toUpperCase()),
      ),
      kind: v.optional(v.picklist(['a', 'b']), 'a'),
      issue: v.optional(v.pipe(v.number(), v.integer(), v.description('issue number'))),
      tags: v.optional(v.array(v.string()), []),
    });
    expect(toJsonSchema(s)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        repo: { type: 'string', pattern: '^\\w+\\/\\w+$' },
        kind: { type: 'string', enum: ['a', 'b'] },
        issue: { type: 'integer', description: 'issue number' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['name', 'repo'],
    });
  });

  it('merges unions whose options share no keyword, else keeps anyOf', () => {
    expect(toJsonSchema(v.union([v.string(), v.array(v.string())]))).toEqual({
      type: ['string', 'array'],
      items: { type: 'string' },
    });
    expect(toJsonSchema(v.union([v.picklist(['x']), v.picklist(['y'])]))).toEqual({
      anyOf: [
        { type: 'string', enum: ['x'] },
        { type: 'string', enum: ['y'] },
      ],
    });
  });
});
