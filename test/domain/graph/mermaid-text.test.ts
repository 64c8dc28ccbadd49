import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMermaidText, mermaidText } from '../../../src/domain/graph/mermaid.js';

// Text with nothing to escape is handed back as it is: the answer must be the full escape's.
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
          expect(mermaidText(s)).toBe(escapeMermaidText(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('hands plain text back and escapes the rest', () => {
    expect(mermaidText('Reads one file')).toBe('Reads one file');
    expect(mermaidText(' a <b>  "c" ')).toBe('a #lt;b#gt; #quot;c#quot;');
  });
});
