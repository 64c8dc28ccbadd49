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
    ['中文', '中文'],
    ['ランナー基盤の自動スケール', 'ランナー基盤の自動スケール'],
    ['ﾗﾝﾅｰ', 'ランナー'],
    ['Масштабирование раннеров', 'масштабирование-раннеров'],
    ['Йод', 'йод'],
    ['हिन्दी पाठ', 'हिन्दी-पाठ'],
    ['Ελληνικά Έγγραφα', 'ελληνικά-έγγραφα'],
    ['٣ خطوات', '٣-خطوات'],
    ['☃ ★ ✓', ''],
    ['Runner Infra — 第2版', 'runner-infra-第2版'],
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

  it('bounds the name by bytes, cutting between whole characters', () => {
    const s = slugify('ランナー基盤'.repeat(20));
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(60);
    expect(s).toBe('ランナー基盤'.repeat(4).slice(0, 20));
    // A letter and its combining mark stay together.
    const hindi = slugify('हिन्दी'.repeat(20), 10);
    expect(Buffer.byteLength(hindi)).toBeLessThanOrEqual(10);
    expect(hindi).toBe('हि');
  });

  it('always gives "" or a slug that checkSlug accepts, within the length limit (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
        ),
        fc.integer({ min: 1, max: 80 }),
        (title, max) => {
          const s = slugify(title, max);
          expect(Buffer.byteLength(s)).toBeLessThanOrEqual(max);
          expect(s).not.toMatch(/\uFFFD/);
          if (s) expect(checkSlug(s)).toBe(s);
          expect(s).not.toMatch(/[/\\.]/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('checkSlug', () => {
  it.each(['a', 'a-b', 'runner-infra-2', '0', 'é', 'ランナー基盤', 'हिन्दी-पाठ'])('accepts %j', (s) => {
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
    'É',
    'e\u0301',
    'ab:c',
    'a*b',
    '\u0301a',
    'a-\u0301',
    'x'.repeat(101),
  ])('refuses %j', (s) => {
    let err: unknown;
    try {
      checkSlug(s, 'proposal slug');
    } catch (e) {
      err = e;
    }
    expect(isPtError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'input/bad-slug', exit: 2 });
    expect([
      `The proposal slug "${s}" cannot be used in a file name`,
      `The proposal slug "${s}" is too long for a file name`,
    ]).toContain((err as Error).message);
  });
});
