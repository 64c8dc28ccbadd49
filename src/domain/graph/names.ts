// A name with nothing to strip and single spaces only (most of them) needs no regular expression.
const PLAIN = /^[^[`\s](?:[^[`\s]| (?=[^[`\s]))*$/;

/**
 * The key a requirement name is matched by. `Depends on` values arrive with inline code and links
 * already stripped by the parser while headings keep them, so both sides are stripped here.
 */
export function nameKey(name: string): string {
  return PLAIN.test(name) ? name.toLowerCase() : fullNameKey(name);
}

/** nameKey's answer for any name: links and code stripped, trimmed, lower case, spaces folded. */
export function fullNameKey(name: string): string {
  return name
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
