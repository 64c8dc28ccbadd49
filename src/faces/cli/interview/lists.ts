import type { Asker } from './asker.js';

/** Asks for items one at a time until an empty answer. */
export async function askList(
  a: Asker,
  message: string,
  opts: { min?: number; itemLabel?: string } = {},
): Promise<string[]> {
  const items: string[] = [];
  for (;;) {
    const required = items.length < (opts.min ?? 0);
    const v = await a.text({
      message: items.length === 0 ? message : `${opts.itemLabel ?? 'Next'} (Enter to finish)`,
      optional: !required,
      placeholder: required ? undefined : 'Enter to finish',
    });
    if (!v) return items;
    items.push(
      ...(items.length === 0 && v.includes(';')
        ? v
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean)
        : [v]),
    );
  }
}

/** Strips a leading keyword a person tends to type ("Given a pool…" → "a pool…"). */
export function stripLead(text: string, word: string): string {
  return text.replace(new RegExp(`^\\s*(?:\\*\\*)?${word}(?:\\*\\*)?\\s*:?\\s+`, 'i'), '').trim();
}

/** One paragraph from a multi-line answer (a statement, a reason): its words, lines joined by spaces. */
export const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
