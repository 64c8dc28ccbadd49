// The app's notes on stderr, as the CLI has always said them: a wait only on a terminal, where someone
// is watching it (a log or a pipe would only collect them), anything else always.
import { isWait, type Note, noteText } from '../../app/kernel/index.js';

export function printNote(note: Note): void {
  if (isWait(note) && !process.stderr.isTTY) return;
  process.stderr.write(`${noteText(note)}\n`);
}
