// A name with nothing to strip and single spaces only (most of them) needs no regular expression.
const PLAIN = /^[^[`\s](?:[^[`\s]| (?=[^[`\s]))*$/;

/**
 * The key a requirement name is matched by. `Depends on` values arrive with inline code and links
 * already stripped by the parser while headings keep them, so both sides are stripped here.
 */
export function nameKey(name: string): string {
  if (PLAIN.test(name)) return name.toLowerCase();
  return name
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
