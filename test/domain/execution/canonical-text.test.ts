import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, isCanonicalText } from '../../../src/domain/execution/index.js';

// isCanonicalText lets the verifier hash stored text as it is; it must never say yes to a text that
// canonicalJson would write differently.
const canonicalOf = (text: string): string | null => {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return null;
  }
};

const key = fc.constantFrom(
  '0',
  '2',
  '10',
  '01',
  'a',
  'B',
  'é',
  '',
  '\u{1f600}',
  'z',
  'aa',
  '__proto__',
  'a\nb',
);
const str = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\b\f\n\r\t', '"\\/', '\ud800', '\udc00x', '\u{1f600}', '\u007f', '\u2028'),
);
const num = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 123456789012345, 1234567890123456, 2 ** 53 + 2, 0.1, -1.5e300),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    str,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
  ),
})).v;

/** Texts around a value: its canonical form, JSON.stringify's (keys as inserted), an indented one. */
const texts = value.chain((v) =>
  fc.constantFrom(canonicalJson(v), JSON.stringify(v), JSON.stringify(v, null, 1), `${canonicalJson(v)} `),
);

/** A canonical text with one character or token changed. */
const mutated = fc
  .tuple(
    value,
    fc.nat(),
    fc.constantFrom(' ', '0', '-', '"', '\\', 'e', ',', '}', '\\u0041', '1.50', '\ud800'),
  )
  .map(([v, at, ins]) => {
    const t = canonicalJson(v);
    const i = at % (t.length + 1);
    return t.slice(0, i) + ins + t.slice(i);
  });

describe('isCanonicalText', () => {
  it('says yes only to the canonical text of what the text parses to', () => {
    fc.assert(
      fc.property(fc.oneof(texts, mutated), (t) => {
        if (isCanonicalText(t)) expect(canonicalOf(t)).toBe(t);
      }),
      { numRuns: 5000 },
    );
  });

  it('says yes to the canonical text of plain audit data (the fast path is taken)', () => {
    const plain = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        // Keys with an escape are left to the plain path.
        fc.dictionary(
          fc.string({ unit: 'grapheme' }).filter((k) => JSON.stringify(k) === `"${k}"`),
          tie('v'),
          { maxKeys: 5 },
        ),
      ),
    })).v;
    fc.assert(
      fc.property(plain, (v) => {
        expect(isCanonicalText(canonicalJson(v))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the short escapes JSON.stringify writes and refuses the others', () => {
    expect(isCanonicalText('{"a":"x\\"\\\\\\n\\u0001\\u001f"}')).toBe(true);
    expect(isCanonicalText('{"a":"\u{1f600}"}')).toBe(true);
    for (const t of [
      '{"a":"\\/"}', // JSON.stringify leaves / alone
      '{"a":"\\u0041"}',
      '{"a":"\\u000a"}', // \n has a short form
      '{"a":"\\u0008"}', // so has \b
      '{"a":"\\u001F"}', // uppercase hex
      '{"a":"\\ud800"}', // a lone surrogate: left to the plain path
      '{"a":"\ud800"}',
      '{"b":1,"a":2}',
      '{"a":1,"a":2}',
      '{"a":1 }',
      '[1,]',
      '-0',
      '01',
      '1.0',
      '1e5',
      '1E+21',
      '"\n"',
      '"abc',
      'tru',
      '',
    ])
      expect(isCanonicalText(t), t).toBe(false);
    for (const t of ['1e+21', '0.5', '-1.5e-7', '9007199254740993', '[]', '{}', '[{}]', 'null'])
      expect(isCanonicalText(t), t).toBe(canonicalOf(t) === t);
  });

  it('leaves very deep values to the plain path', () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(isCanonicalText(deep)).toBe(false);
    expect(isCanonicalText(`${'['.repeat(60)}${']'.repeat(60)}`)).toBe(true);
  });
});

describe('canonicalJson and __proto__', () => {
  it('keeps a __proto__ key that JSON.parse made an own property, in its sorted place', () => {
    const v = JSON.parse('{"b":1,"__proto__":{"x":2}}');
    expect(canonicalJson(v)).toBe('{"__proto__":{"x":2},"b":1}');
  });
});
