import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyTokenRule, eachTokenRule, findSecrets } from '../../src/base/secrets.js';

// The token rules are tried together in one scan first; a line passes on to the rules one by one only
// when that scan finds something. The one scan must say yes exactly when one of the rules would.
const lead = fc.constantFrom(
  'ghp_',
  'github_pat_',
  'AKIA',
  'ASIA',
  'xoxb-',
  'xapp-1-',
  'sk-',
  'sk-ant-api03-',
  'sk_live_',
  'AIza',
  'npm_',
  'glpat-',
  'SG.',
  'SK',
  'key-',
  'eyJ',
  'hf_',
  'dop_v1_',
  'pul-',
  'AGE-SECRET-KEY-1',
  'A3-',
  '-----BEGIN RSA PRIVATE KEY-----',
  'hooks.slack.com/services/',
  'AccountKey=',
  ':_authToken=',
  '',
);
const body = fc.string({
  unit: fc.constantFrom(...'abcdef0123456789ABCDEFXYZQ_-.~/+='.split('')),
  maxLength: 120,
});
const noise = fc.string({ unit: fc.constantFrom(...'ab :=/"\'()\t'.split('')), maxLength: 12 });
const line = fc
  .array(fc.tuple(noise, lead, body), { maxLength: 4 })
  .map((parts) => parts.map(([n, l, b]) => n + l + b).join(''));

describe('the token scan', () => {
  it('finds a token exactly when one of the rules on its own would', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(anyTokenRule(l)).toBe(eachTokenRule(l));
      }),
      { numRuns: 3000 },
    );
  });

  it('still finds the tokens, and nothing in an ordinary log line', () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    expect(findSecrets(`pushing with ${token} now`).map((h) => h.name)).toEqual(['GitHub token']);
    expect(findSecrets('  src/app/ops/execute.ts(12,7): compiled module 12 of 200 in 12 ms')).toEqual([]);
  });
});
