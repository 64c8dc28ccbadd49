import { describe, expect, it, vi } from 'vitest';
import type { Note } from '../../../src/app/kernel/index.js';
import { holdNotes, printNote } from '../../../src/faces/cli/notes.js';

/** What `act` writes to stderr, on a terminal or not. */
function written(act: () => void, tty: boolean): string {
  // isTTY is an own property of a terminal's stream only, so it is set and put back by hand.
  const had = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  const write = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  try {
    act();
    return write.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    write.mockRestore();
    if (had) Object.defineProperty(process.stderr, 'isTTY', had);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  }
}

/** What printNote writes to stderr, on a terminal or not. */
const said = (note: Note, tty: boolean) => written(() => printNote(note), tty);

// The CLI says the app's notes in the words it always has: waits only on a terminal, the rest always.
describe('printNote', () => {
  it('says a wait on a terminal, and nothing to a pipe or a log', () => {
    const waits: [Note, string][] = [
      [
        { type: 'github-wait', seconds: 60, reason: 'secondary-rate-limit' },
        '  waiting 60 s for GitHub (secondary-rate-limit)\n',
      ],
      [{ type: 'store-wait', pid: 4242 }, '  waiting for the store, in use by process 4242\n'],
      [{ type: 'store-wait', pid: undefined }, '  waiting for the store, in use by process (starting)\n'],
      [{ type: 'docs-wait', pid: 4242 }, '  waiting for process 4242 to finish writing documents\n'],
      [
        { type: 'docs-wait', pid: undefined },
        '  waiting for process (starting) to finish writing documents\n',
      ],
      [{ type: 'merge-wait', pid: 4242 }, '  waiting for process 4242 to finish its merge\n'],
    ];
    for (const [note, text] of waits) {
      expect(said(note, true)).toBe(text);
      expect(said(note, false)).toBe('');
    }
  });

  it("says that GitHub's ETags were not kept, terminal or not", () => {
    const note: Note = { type: 'etags-not-kept', error: 'EACCES: permission denied' };
    const text = "note: could not keep GitHub's ETags for the next run: EACCES: permission denied\n";
    expect(said(note, true)).toBe(text);
    expect(said(note, false)).toBe(text);
  });
});

// A verb that prints after its use case has closed the forge says the closing notes after its output.
describe('holdNotes', () => {
  const wait: Note = { type: 'store-wait', pid: 4242 };
  const etags: Note = { type: 'etags-not-kept', error: 'EACCES' };
  const etagsText = "note: could not keep GitHub's ETags for the next run: EACCES\n";

  it('says a wait at once and keeps any other note until released, then says it once', () => {
    const notes = holdNotes();
    expect(written(() => notes.onNote(wait), true)).toBe('  waiting for the store, in use by process 4242\n');
    expect(written(() => notes.onNote(etags), true)).toBe('');
    expect(written(() => notes.release(), true)).toBe(etagsText);
    expect(written(() => notes.release(), true)).toBe('');
  });

  it('says nothing of a wait to a pipe, and still the kept note on release', () => {
    const notes = holdNotes();
    expect(written(() => notes.onNote(wait), false)).toBe('');
    expect(written(() => notes.onNote(etags), false)).toBe('');
    expect(written(() => notes.release(), false)).toBe(etagsText);
  });
});
