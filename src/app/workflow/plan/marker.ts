// Every issue the plan writes carries its key in an HTML comment GitHub does not render. Re-runs find
// issues by this marker, never by title, so a renamed requirement updates its issue instead of
// duplicating it, and a crash between creating an issue and anything else leaves nothing to repeat.
const MARKER = /<!--\s*papertrail:key=(\S+?)\s*-->/;

export function withMarker(body: string, key: string): string {
  return `${body.trimEnd()}\n\n<!-- papertrail:key=${key} -->\n`;
}

export function markerOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}
