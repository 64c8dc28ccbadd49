// The app's notes on stderr, as the CLI has always said them: a wait only on a terminal, where someone
// is watching it (a log or a pipe would only collect them), anything else always.
import { isWait, type Note, noteText, type OnNote } from '../../app/kernel/index.js';

export function printNote(note: Note): void {
  if (isWait(note) && !process.stderr.isTTY) return;
  process.stderr.write(`${noteText(note)}\n`);
}

/** Waits said as they happen; every other note kept until `release` says them, in order. */
export function holdNotes(): { onNote: OnNote; release: () => void } {
  const held: Note[] = [];
  return {
    onNote: (note) => {
      if (isWait(note)) printNote(note);
      else held.push(note);
    },
    release: () => {
      for (const note of held.splice(0)) printNote(note);
    },
  };
}
