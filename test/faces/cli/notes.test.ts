import { describe, expect, it, vi } from 'vitest';
import type { Note } from '../../../src/app/kernel/index.js';
import { printNote } from '../../../src/faces/cli/notes.js';

/** What printNote writes to stderr, on a terminal or not. */
function said(note: Note, tty: boolean): string {
  // isTTY is an own property of a terminal's stream only, so it is set and put back by hand.
  const had = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  const write = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  try {
    printNote(note);
    return write.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    write.mockRestore();
    if (had) Object.defineProperty(process.stderr, 'isTTY', had);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  }
}

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
