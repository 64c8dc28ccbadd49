import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, isPtError, type PtError, readText } from '../../src/base/index.js';

function fail(bytes: number[] | Uint8Array, file = 'docs/x.md'): PtError {
  try {
    decodeUtf8(Uint8Array.from(bytes), file);
  } catch (e) {
    if (isPtError(e)) return e;
    throw e;
  }
  throw new Error('expected decodeUtf8 to refuse the bytes');
}

const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and keeps a byte-order mark', () => {
    expect(decodeUtf8(Uint8Array.from(utf8('héllo 中文 😀')), 'f')).toBe('héllo 中文 😀');
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]), 'f')).toBe('\ufeffA');
    expect(decodeUtf8(new Uint8Array(), 'f')).toBe('');
  });

  it('reports the file, the byte offset and the 1-based line and column of the first bad byte', () => {
    const e = fail(
      [...utf8('---\nstatus: draft\ntitle: café '), 0xff, ...utf8('\n')],
      'docs/specs/SPEC-0001-x.md',
    );
    expect(e.code).toBe('file/not-utf8');
    expect(e.exit).toBe(1);
    expect(e.message).toBe('docs/specs/SPEC-0001-x.md is not valid UTF-8 (invalid byte at offset 31)');
    expect(e.location).toEqual({ file: 'docs/specs/SPEC-0001-x.md', line: 3, column: 13 });
    expect(e.hint).toMatch(/UTF-8/);
  });

  it.each([
    ['a lone continuation byte', [0x80], 0],
    ['a Latin-1 é', [0x61, 0x62, 0xe9, 0x0a], 2],
    ['a truncated sequence at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a lead byte followed by ASCII', [0xe2, 0x41, 0x41], 0],
    ['an overlong two-byte form', [0x61, 0xc0, 0xaf], 1],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['an overlong four-byte form', [0xf0, 0x80, 0x80, 0xaf], 0],
    ['an encoded surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['an invalid lead byte F5', [0x41, 0xf5, 0x80, 0x80, 0x80], 1],
  ])('points at %s', (_what, bytes, offset) => {
    expect(fail(bytes).message).toContain(`offset ${offset})`);
  });

  it('accepts the edges of the valid ranges', () => {
    for (const s of ['\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{10ffff}']) {
      expect(decodeUtf8(Uint8Array.from(utf8(s)), 'f')).toBe(s);
    }
  });

  it('agrees with the WHATWG decoder on what is valid and where it first breaks (property)', () => {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x0a, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (bytes) => {
        const arr = Uint8Array.from(bytes);
        const decoded = lenient.decode(arr);
        const bad = decoded.indexOf('\ufffd');
        // U+FFFD written in the input itself is valid text; skip those cases for the oracle.
        if (Buffer.from(arr).includes(Buffer.from([0xef, 0xbf, 0xbd]))) return;
        if (bad < 0) {
          expect(decodeUtf8(arr, 'f')).toBe(decoded);
          return;
        }
        const offset = Buffer.byteLength(decoded.slice(0, bad), 'utf8');
        const e = fail(arr);
        expect(e.message).toContain(`offset ${offset})`);
        const before = decoded.slice(0, bad);
        expect(e.location).toEqual({
          file: 'docs/x.md',
          line: before.split('\n').length,
          column: before.length - before.lastIndexOf('\n'),
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readText', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pt-read-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a UTF-8 file', () => {
    writeFileSync(join(dir, 'ok.md'), '# Tïtle\r\n');
    expect(readText(join(dir, 'ok.md'))).toBe('# Tïtle\r\n');
  });

  it('reads whole files of every size around its buffer, also when a short read ends the file', () => {
    // The reader reuses one 64 KiB buffer that doubles when a file fills it.
    for (const size of [0, 1, 65_535, 65_536, 65_537, 131_072, 300_001]) {
      const text = 'abcdefghij\n'.repeat(Math.ceil(size / 11)).slice(0, size);
      writeFileSync(join(dir, `s${size}.md`), text);
      expect(readText(join(dir, `s${size}.md`))).toBe(text);
      expect(readText(join(dir, `s${size}.md`), undefined, true)).toBe(text);
    }
  });

  it('names the file as shown to the user in every error', () => {
    writeFileSync(join(dir, 'bad.md'), Buffer.from([0x41, 0x0a, 0xff]));
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as PtError;
      }
      throw new Error('no error');
    };
    expect(err(() => readText(join(dir, 'bad.md'), 'docs/bad.md'))).toMatchObject({
      code: 'file/not-utf8',
      location: { file: 'docs/bad.md', line: 2, column: 1 },
    });
    expect(err(() => readText(join(dir, 'missing.md'), 'docs/missing.md'))).toMatchObject({
      code: 'file/not-found',
      exit: 3,
      message: 'docs/missing.md does not exist',
      location: { file: 'docs/missing.md' },
    });
    expect(err(() => readText(dir, 'docs'))).toMatchObject({ code: 'file/is-directory', exit: 2 });
  });
});
