import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askProse } from '../../../src/faces/cli/interview/prose-prompt.js';

/** Types `keys` (one chunk each, as a terminal sends them) into a prose question; its answer. */
async function answer(
  keys: string[],
  initial?: string,
): Promise<{ value: string | symbol; written: string }> {
  const input = new PassThrough();
  let written = '';
  const output = new Writable({
    write(chunk, _enc, done) {
      written += String(chunk);
      done();
    },
  });
  const asked = askProse({ message: 'Why?', validate: () => undefined, input, output, initial });
  for (const k of keys) {
    input.write(k);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { value: await asked, written };
}

const paste = (t: string) => `\u001b[200~${t}\u001b[201~`;

describe('prose prompt', () => {
  it('answers on Enter, like a one-line prompt', async () => {
    expect((await answer(['Jenkins is slow.', '\r'])).value).toBe('Jenkins is slow.');
  });

  it('keeps every line of a paste, whatever its line ends', async () => {
    expect((await answer([paste('a\rb\nc\r\nd\r\re'), '\r'])).value).toBe('a\nb\nc\nd\n\ne');
  });

  it('adds a line on Ctrl-J', async () => {
    expect((await answer(['one', '\n', 'two', '\r'])).value).toBe('one\ntwo');
  });

  it('edits like a shell: Ctrl-U, Ctrl-W, Ctrl-A, Ctrl-E, Ctrl-K; no control character lands', async () => {
    expect((await answer(['wrong', '\u0015', 'right', '\r'])).value).toBe('right');
    expect((await answer(['one two', '\u0017', 'three', '\r'])).value).toBe('one three');
    expect((await answer(['world', '\u0001', 'hello ', '\u0005', '!', '\r'])).value).toBe('hello world!');
    expect((await answer(['keep cut', '\u001b[D', '\u001b[D', '\u001b[D', '\u000b', '\r'])).value).toBe(
      'keep ',
    );
    expect((await answer(['\u007f', '\u0002', 'x', '\r'])).value).toBe('x');
    // At the very start, before a line break: nothing to delete, nothing doubled.
    expect((await answer([paste('\rb'), '\u0001', '\u001b[A', '\u0015', 'a', '\r'])).value).toBe('a\nb');
  });

  it('starts from an initial answer, which Enter keeps', async () => {
    expect((await answer(['\r'], 'The system SHALL scale.')).value).toBe('The system SHALL scale.');
  });

  it('turns bracketed paste on while asking and off after', async () => {
    const { written } = await answer(['x', '\r']);
    expect(written.indexOf('\u001b[?2004h')).toBeGreaterThanOrEqual(0);
    expect(written.lastIndexOf('\u001b[?2004l')).toBeGreaterThan(written.indexOf('\u001b[?2004h'));
  });
});
