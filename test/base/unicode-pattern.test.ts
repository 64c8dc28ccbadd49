// Unicode property classes (\p{…}) cost V8 about a millisecond a pattern when it compiles the module
// that holds them, whether the pattern runs or not; they are built on first use instead
// (unicodePattern), so that loading a module costs nothing for them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unicodePattern } from '../../src/base/index.js';
import { ROOT } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') ? [p] : [];
  });
}

// A regular expression literal: after `(`, `,`, `=`, `:`, `!`, `&`, `|`, `?`, `return` or a line's start.
const LITERAL = /(?:^|[(,=:!&|?]|return)\s*(\/(?![/*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+\/[a-z]*)/gm;
const holdsPropertyLiteral = (code: string) =>
  [...code.matchAll(LITERAL)].some((m) => /\\[pP]\{/.test(m[1]!));

describe('unicodePattern', () => {
  it('builds the pattern on first use, and the same object after', () => {
    const word = unicodePattern(String.raw`^\p{L}+$`, 'u');
    const re = word();
    expect(re).toBeInstanceOf(RegExp);
    expect(re.source).toBe(String.raw`^\p{L}+$`);
    expect(re.flags).toBe('u');
    expect(word()).toBe(re);
    expect(re.test('ランナー')).toBe(true);
    expect(re.test('a-b')).toBe(false);
  });

  it('is how the sources write a Unicode property class: no regular expression literal holds one', () => {
    const found = sources(join(ROOT, 'src'))
      .filter((f) => holdsPropertyLiteral(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(found).toEqual([]);
  });

  it.each([
    ['const A = /^[\\p{L}]+$/u;', true],
    ['x.replace(/(\\p{Script=Latin})\\p{M}+/gu, "$1")', true],
    ['if (!/^\\P{L}/u.test(s)) return;', true],
    ['  return /^(?:[\\x20-\\x7e]|[\\p{L}])*$/u.test(s);', true],
    ["const A = unicodePattern(String.raw`^[\\p{L}]+$`, 'u');", false],
    ["const WORD_END = '(?![\\\\p{L}])';", false],
    ['const B = /^[a-z]+$/; // \\p{L} in a comment', false],
    ['const r = a / b; const s = c / d; // \\p{L}', false],
  ])('tells a literal with a property class: %s', (code, holds) => {
    expect(holdsPropertyLiteral(code)).toBe(holds);
  });
});
