import { parse } from 'yaml';

/** A Markdown file's YAML frontmatter and body; throws when there is none. */
export function frontmatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`no frontmatter in:\n${text.slice(0, 200)}`);
  return { data: parse(m[1]!) as Record<string, unknown>, body: m[2]! };
}
