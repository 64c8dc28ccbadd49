import { describe, expect, it } from 'vitest';
import { readChangeMetadata } from '../../../src/domain/openspec/metadata.js';

describe('.openspec.yaml problems read like OpenSpec’s', () => {
  it('names a missing schema', () => {
    expect(readChangeMetadata('created: 2026-01-01\n').problem).toMatchObject({
      message: 'schema: schema is required',
      key: 'schema',
    });
  });
  it('names a bad date with its key position', () => {
    expect(readChangeMetadata('schema: spec-driven\ncreated: 2026-1-1\n').problem).toMatchObject({
      message: 'created: created must be YYYY-MM-DD format',
      line: 2,
      key: 'created',
    });
  });
});
