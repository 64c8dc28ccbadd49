import { createHash } from 'node:crypto';

// Every issue the plan writes carries its key in an HTML comment GitHub does not render. Re-runs find
// issues by this marker, never by title, so a renamed requirement updates its issue instead of
// duplicating it, and a crash between creating an issue and anything else leaves nothing to repeat.
// The marker also holds a digest of the title and body as planned: a re-plan can then tell an issue the
// team edited on the forge (kept) from a requirement the spec changed (updated).
const MARKER = /<!--\s*papertrail:key=(\S+?)(?:\s+sha=([0-9a-f]+))?\s*-->/;

/** Digest of an issue's title and body text (without the marker). */
export function planSha(title: string, text: string): string {
  return createHash('sha256').update(`${title}\n${text.trimEnd()}`).digest('hex').slice(0, 16);
}

export function withMarker(body: string, key: string, title: string): string {
  const text = body.trimEnd();
  return `${text}\n\n<!-- papertrail:key=${key} sha=${planSha(title, text)} -->\n`;
}

export function markerOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

/** The digest the plan recorded when it last wrote the issue (null for markers older than digests). */
export function plannedSha(body: string): string | null {
  return MARKER.exec(body)?.[2] ?? null;
}

/** True when the issue's title or body differs from what the plan last wrote: the team edited it. */
export function editedOnForge(issue: { title: string; body: string }): boolean {
  const m = MARKER.exec(issue.body);
  if (!m?.[2]) return false;
  const after = issue.body.slice(m.index + m[0].length);
  return after.trim() !== '' || planSha(issue.title, issue.body.slice(0, m.index)) !== m[2];
}
