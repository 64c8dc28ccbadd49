import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mermaidText } from '../../../src/domain/graph/mermaid.js';

// Every escape mermaidText makes; its shortcut for text with nothing to escape must agree with it.
const slow = (s: string) =>
  s
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\s+/g, ' ')
    .trim();

const piece = fc.constantFrom('a', 'Z', ' ', '  ', '\t', '\u2028', '#', '"', '&', '<', '>', '`', 'é', '\n');

describe('mermaidText', () => {
  it('agrees with escaping every special character and folding spaces', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece).map((p) => p.join('')),
        ),
        (s) => {
          expect(mermaidText(s)).toBe(slow(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
