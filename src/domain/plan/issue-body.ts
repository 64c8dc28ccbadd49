// What goes into an issue body besides the plan's own lines: a requirement's detail blocks as the spec
// writes them, kept under the forge's size limit and unable to hide the rest of the body.

/** GitHub refuses an issue body longer than this many characters; the local forge keeps to it too. */
export const ISSUE_BODY_LIMIT = 65536;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence a Markdown text leaves open at its end (its opening run), or null. */
export function openFence(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    const run = m[1]!;
    if (open === null) {
      if (!(run[0] === '`' && line.slice(m[0].length).includes('`'))) open = run;
    } else if (run[0] === open[0] && run.length >= open.length && line.slice(m[0].length).trim() === '')
      open = null;
  }
  return open;
}

/**
 * Closes what a verbatim block leaves open at its end, so the text after it (the scenarios, the plan's
 * hidden marker) still renders as written: an unclosed code fence, or an HTML comment outside one
 * (which would hide everything up to the marker's own `-->`).
 */
export function closeOpenings(text: string): string {
  const fence = openFence(text);
  if (fence) return `${text}\n${fence}`;
  const outsideFences = text.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1[ \t]*$/gm, '');
  return outsideFences.lastIndexOf('<!--') > outsideFences.lastIndexOf('-->') ? `${text} -->` : text;
}

/**
 * `text` cut at a line boundary so that it and `note` fit in `room` characters, with what the cut
 * leaves open closed; the text itself when it fits.
 */
export function fitText(text: string, room: number, note: string): string {
  if (text.length <= room) return text;
  const lines = text.split('\n');
  let kept = '';
  for (const line of lines) {
    const next = kept ? `${kept}\n${line}` : line;
    // Room for the note and for closing a fence or a comment the cut leaves open.
    if (next.length + note.length + 24 > room) break;
    kept = next;
  }
  return `${closeOpenings(kept)}\n\n${note}`;
}
