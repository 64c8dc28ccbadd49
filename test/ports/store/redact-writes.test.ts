import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/base/index.js';
import { redactStoredValue } from '../../../src/ports/store/redact-writes.js';

const GH = `ghp_${'Q4w8Zr2n'.repeat(5)}`;

describe('redactStoredValue (what the store plugin writes)', () => {
  it('redacts JSON text as data: it stays valid JSON, in its key order', () => {
    const text = JSON.stringify({ z: 1, word: `go ${GH}`, nested: ['known-value-1', { a: 'ok' }], b: true });
    const out = redactStoredValue(text, ['known-value-1']) as string;
    expect(JSON.parse(out)).toEqual({
      z: 1,
      word: `go ${REDACTED}`,
      nested: [REDACTED, { a: 'ok' }],
      b: true,
    });
    expect(Object.keys(JSON.parse(out))).toEqual(['z', 'word', 'nested', 'b']);
  });

  it('gives back the very value when there is nothing to redact (JSON text byte for byte)', () => {
    const text = '{"b": 1,   "a": [2, 3]}';
    expect(redactStoredValue(text, ['nothing-here'])).toBe(text);
    const arr = ['a', 'b'];
    expect(redactStoredValue(arr, [])).toBe(arr);
    expect(redactStoredValue(42, ['42'])).toBe(42);
  });

  it('redacts plain text, and each string of an array (a batch of log lines)', () => {
    expect(redactStoredValue(`token ${GH}`, [])).toBe(`token ${REDACTED}`);
    expect(redactStoredValue(['{not json', `x known-value-1`, null], ['known-value-1'])).toEqual([
      '{not json',
      `x ${REDACTED}`,
      null,
    ]);
  });
});
