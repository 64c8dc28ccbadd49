import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlug, isPtError, slugify } from '../../src/base/index.js';

describe('slugify', () => {
  it.each([
    ['Runner Infrastructure', 'runner-infrastructure'],
    ['  --Hello,   World!--  ', 'hello-world'],
    ['Café Déjà Vu', 'cafe-deja-vu'],
    ['ﬁle ＡＰＩ', 'file-api'],
    ['../../etc/passwd', 'etc-passwd'],
    ['a/b\\c', 'a-b-c'],
    ['..', ''],
    ['中文', ''],
    ['OAuth2 + SAML 2.0', 'oauth2-saml-2-0'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('cuts long titles at a word boundary when one is past the middle', () => {
    const s = slugify('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu', 30);
    expect(s).toBe('alpha-beta-gamma-delta-epsilon');
    expect(slugify('abcdefghij'.repeat(10), 20)).toBe('abcdefghijabcdefghij');
    expect(slugify('a abcdefghijabcdefghijabcdefghij', 20)).toBe('a-abcdefghijabcdefgh');
  });

  it('always gives "" or a slug that checkSlug accepts, within the length limit (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.integer({ min: 1, max: 80 }),
        (title, max) => {
          const s = slugify(title, max);
          expect(s.length).toBeLessThanOrEqual(max);
          if (s) expect(checkSlug(s)).toBe(s);
          expect(s).not.toMatch(/[/\\.]/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('checkSlug', () => {
  it.each(['a', 'a-b', 'runner-infra-2', '0'])('accepts %j', (s) => {
    expect(checkSlug(s)).toBe(s);
  });

  it.each([
    '',
    '..',
    '.',
    'a/b',
    '../x',
    'a\\b',
    '.hidden',
    'A',
    'a--b',
    '-a',
    'a-',
    'a.b',
    'a b',
    'é',
  ])('refuses %j', (s) => {
    let err: unknown;
    try {
      checkSlug(s, 'proposal slug');
    } catch (e) {
      err = e;
    }
    expect(isPtError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'input/bad-slug', exit: 2 });
    expect((err as Error).message).toBe(`The proposal slug "${s}" cannot be used in a file name`);
  });
});
