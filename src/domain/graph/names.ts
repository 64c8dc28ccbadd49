/**
 * The key a requirement name is matched by. `Depends on` values arrive with inline code and links
 * already stripped by the parser while headings keep them, so both sides are stripped here.
 */
export function nameKey(name: string): string {
  return name
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
