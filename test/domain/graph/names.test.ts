import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullNameKey, nameKey } from '../../../src/domain/graph/names.js';

// A plain name is only lowered: the answer must be the full key's.
const piece = fc.constantFrom('a', 'B', ' ', '  ', '\t', '\u00a0', '`', '[x](y)', '[', ']', '(', 'É', '\n');

describe('nameKey', () => {
  it('agrees with stripping links and code, trimming, lowering and folding spaces', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece).map((p) => p.join('')),
        ),
        (name) => {
          expect(nameKey(name)).toBe(fullNameKey(name));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a plain name as its lower case', () => {
    expect(nameKey('Reads One File')).toBe('reads one file');
    expect(nameKey(' Reads  one ')).toBe('reads one');
    expect(nameKey('Uses `code` and [a link](x.md)')).toBe('uses code and a link');
  });
});
