import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { PtError } from './errors.js';

/**
 * Decodes bytes as UTF-8 and refuses anything else, so a binary or Latin-1 file is reported, not
 * mangled. A byte-order mark stays in the text (callers strip it where their format allows one).
 * Checked with `isUtf8` and decoded by Buffer rather than by a fatal TextDecoder: the decoder's
 * first use initialises ICU's converter, which every validate's start would pay for (BENCHMARKS.md).
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const at = firstInvalidUtf8(bytes);
  const before = Buffer.from(bytes.subarray(0, at)).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  throw new PtError('file/not-utf8', `${file} is not valid UTF-8 (invalid byte at offset ${at})`, {
    hint: 'Save the file as UTF-8; Papertrail documents are UTF-8 Markdown.',
    location: { file, line, column },
    exit: 1,
  });
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    // The second byte is narrower after E0/ED/F0/F4: overlong forms, surrogates and code points
    // past U+10FFFF are invalid even though every byte looks like a continuation byte.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      if (k === 1 && (c < lo || c > hi)) return i;
    }
    i += need + 1;
  }
  return i;
}

// One buffer reused for every read: validate reads thousands of small files, and readFileSync's
// fstat and fresh allocation per file were a good share of the reading time (BENCHMARKS.md).
let shared = Buffer.allocUnsafe(1 << 16);

function readBytes(file: string, shortReadIsEof: boolean): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    let len = 0;
    for (;;) {
      if (len === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, len);
        shared = bigger;
      }
      const want = shared.length - len;
      const n = readSync(fd, shared, len, want, null);
      len += n;
      if (n === 0 || (shortReadIsEof && n < want)) break;
    }
    return shared.subarray(0, len);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's text, strictly UTF-8. `shortReadIsEof`: the caller knows the file system (a local one,
 * where a read returns less than asked only at the end of a regular file), so the read that would
 * return 0 is skipped: one system call of four per file.
 */
export function readText(file: string, shown = file, shortReadIsEof = false): string {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(file, shortReadIsEof);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new PtError('file/not-found', `${shown} does not exist`, {
        hint: 'Check the path; paths are relative to the current directory.',
        location: { file: shown },
        exit: 3,
      });
    }
    if (code === 'EISDIR') {
      throw new PtError('file/is-directory', `${shown} is a directory, not a file`, {
        hint: 'Give the path of a file.',
        location: { file: shown },
        exit: 2,
      });
    }
    throw new PtError('file/unreadable', `${shown} cannot be read: ${code ?? String(cause)}`, {
      hint: "Check the file's permissions and that the disk is readable.",
      location: { file: shown },
      exit: 4,
      cause,
    });
  }
  return decodeUtf8(bytes, shown);
}
