import { createHash } from 'node:crypto';
import { unicodePattern } from '../../base/index.js';

// Every issue the plan writes carries its key in an HTML comment GitHub does not render. Re-runs find
// issues by this marker, never by title, so a renamed requirement updates its issue instead of
// duplicating it, and a crash between creating an issue and anything else leaves nothing to repeat.
// The marker also holds a digest of the title and body as planned: a re-plan can then tell an issue the
// team edited on the forge (kept) from a requirement the spec changed (updated).
//
// A key is any text (a requirement without an ID is keyed by its name, "SPEC-0001#Security Isolation"),
// so it is written with white space, `%`, quotes, angle brackets and invisible characters
// percent-encoded: the marker stays one word that cannot end the comment early. Keys without such
// characters are written as they always were. Markers written before keys were encoded are read too,
// spaces and all: the key runs up to ` sha=` or the end of the comment.
const MARKER = /<!--\s*papertrail:key=(.*?)(?:\s+sha=([0-9a-f]+))?\s*-->/g;
const UNSAFE = unicodePattern('[\\s%<>"\'`\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}\\p{Cn}]', 'gu');
const SURROGATE = unicodePattern(String.raw`\p{Cs}`, 'u');

/** The marker's form of a key: one word, readable where the key is plain. */
export function encodeKey(key: string): string {
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  return key.replace(UNSAFE(), (ch) =>
    // UTF-8 has no form for half a surrogate pair, so one on its own is written as its code unit.
    SURROGATE().test(ch)
      ? `%u${hex(ch.charCodeAt(0), 4)}`
      : [...Buffer.from(ch, 'utf8')].map((b) => `%${hex(b, 2)}`).join(''),
  );
}

/** Reverses encodeKey; a `%` that does not start valid escapes (an old marker's literal) stays as it is. */
export function decodeKey(text: string): string {
  return text.trim().replace(/(?:%[0-9A-F]{2})+|%uD[89A-F][0-9A-F]{2}/g, (run) => {
    if (run.startsWith('%u')) return String.fromCharCode(Number.parseInt(run.slice(2), 16));
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The plan's marker: the last one in the body, since the plan appends it after the text it wrote. */
function lastMarker(body: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const m of body.matchAll(MARKER)) last = m as RegExpExecArray;
  return last;
}

/** Digest of an issue's title and body text (without the marker). */
export function planSha(title: string, text: string): string {
  return createHash('sha256').update(`${title}\n${text.trimEnd()}`).digest('hex').slice(0, 16);
}

export function withMarker(body: string, key: string, title: string): string {
  const text = body.trimEnd();
  return `${text}\n\n<!-- papertrail:key=${encodeKey(key)} sha=${planSha(title, text)} -->\n`;
}

/** The text the plan wrote before its marker (the whole body when it has none). */
export function textOf(body: string): string {
  const m = lastMarker(body);
  return (m ? body.slice(0, m.index) : body).trimEnd();
}

export function markerOf(body: string): string | null {
  const m = lastMarker(body);
  return m ? decodeKey(m[1]!) : null;
}

/** The digest the plan recorded when it last wrote the issue (null for markers older than digests). */
export function plannedSha(body: string): string | null {
  return lastMarker(body)?.[2] ?? null;
}

/** True when the issue's title or body differs from what the plan last wrote: the team edited it. */
export function editedOnForge(issue: { title: string; body: string }): boolean {
  const m = lastMarker(issue.body);
  if (!m?.[2]) return false;
  const after = issue.body.slice(m.index + m[0].length);
  return after.trim() !== '' || planSha(issue.title, issue.body.slice(0, m.index)) !== m[2];
}
