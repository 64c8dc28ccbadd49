import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStepLine, parseStepLineByPattern } from '../../../src/domain/docs/parse-requirements.js';

// Step lines are read by hand when they are written the usual way (`- **GIVEN** text`) and by the
// patterns otherwise; both ways must read every line alike.
const PIECES = [
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u3000',
  '\v',
  '\r',
  '\u2028',
  '-',
  '*',
  '+',
  '1.',
  '2)',
  '>',
  '**',
  '__',
  ':',
  ',',
  'given',
  'GIVEN',
  'Given',
  'when',
  'WHEN',
  'Then',
  'and',
  'AND',
  'but',
  'BUT',
  'givenx',
  'the user',
  'é',
  '`x`',
];

const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(''));
const usual = fc
  .tuple(
    fc.constantFrom('', ' ', '  ', '\t'),
    fc.constantFrom('', '- ', '* ', '+ ', '-\t', '1. '),
    fc.constantFrom('GIVEN', 'When', 'then', 'AND', 'but', 'Given:'),
    fc.constantFrom('', ' ', ':', ' : ', '\t'),
    line,
  )
  .map(([indent, marker, kw, gap, rest]) => `${indent}${marker}**${kw}**${gap}${rest}`);

describe('step lines', () => {
  it('reads the usual form', () => {
    expect(parseStepLine('- **GIVEN** a user  ')).toEqual([{ keyword: 'GIVEN', text: 'a user', col: 3 }]);
    expect(parseStepLine('  * **when**: it runs')).toEqual([{ keyword: 'WHEN', text: 'it runs', col: 5 }]);
    expect(parseStepLine('**THEN**')).toEqual([{ keyword: 'THEN', text: '', col: 1 }]);
  });

  it('reads every line as the patterns do', () => {
    fc.assert(
      fc.property(fc.oneof(line, usual), (t) => {
        expect(parseStepLine(t)).toEqual(parseStepLineByPattern(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the lines the hand reader leaves to the patterns', () => {
    for (const t of [
      '- **GIVEN** a, **WHEN** b, **THEN** c',
      '- __GIVEN__ a',
      '- **GIVEN:** a',
      '> - **GIVEN** a',
      '1. **GIVEN** a',
      '- **GIVEN**\u00a0: a',
      '- **GIVEN** a\rb',
      '- **GIVEN** a\u2028b',
      '- GIVEN a',
    ]) {
      expect(parseStepLine(t)).toEqual(parseStepLineByPattern(t));
    }
  });
});
