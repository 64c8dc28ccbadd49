import { describe, expect, it } from 'vitest';
import { readChangeMetadata, readMarker } from '../../../src/domain/openspec/index.js';

const known = (n: string) => n === 'spec-driven';

function marker(text: string, key: 'skip_specs' | 'retire_capabilities' = 'skip_specs') {
  return readMarker(text, readChangeMetadata(text), key, known);
}

describe('.openspec.yaml', () => {
  it('reads valid metadata', () => {
    const m = readChangeMetadata('schema: spec-driven\ncreated: 2025-01-02\nskip_specs: true\n');
    expect(m.problem).toBeNull();
    expect(m.data).toMatchObject({ schema: 'spec-driven', created: '2025-01-02', skip_specs: true });
  });

  it('reports the first problem with its key position', () => {
    const m = readChangeMetadata('schema: spec-driven\ncreated: 2025/01/02\n');
    expect(m.problem).toMatchObject({ key: 'created', line: 2, column: 1 });
    expect(readChangeMetadata('schema: [\n').problem?.message).toMatch(/not valid YAML/);
    expect(readChangeMetadata('created: 2025-01-02\n').problem?.message).toContain('schema');
  });

  it('honours skip_specs only on valid metadata with a known schema', () => {
    expect(marker('schema: spec-driven\nskip_specs: true\n')).toEqual({ declared: true, invalid: null });
    expect(marker('schema: spec-driven\nskip_specs: false\n')).toEqual({ declared: false, invalid: null });
    expect(marker('schema: custom\nskip_specs: true\n').invalid).toContain("unknown schema 'custom'");
    expect(marker('schema: spec-driven\nskip_specs: "yes"\n').invalid).toContain('skip_specs');
    expect(marker('skip_specs: true\n').invalid).toContain('schema');
    expect(marker('skip_specs: [\n').invalid).toBe('the file is not valid YAML');
    expect(marker('# skip_specs: maybe later\nfoo: [\n')).toEqual({ declared: false, invalid: null });
    // Unrelated problems do not surface through a marker that is not set.
    expect(marker('created: nope\n')).toEqual({ declared: false, invalid: null });
  });

  it('reads retire_capabilities the same way', () => {
    expect(marker('schema: spec-driven\nretire_capabilities: true\n', 'retire_capabilities').declared).toBe(
      true,
    );
  });
});
