// Rules across documents about their IDs: one ID claimed by two files, and gaps in the numbering.
import type { DocSummary } from '../../docs/index.js';
import { type CrossRuleContext, finding } from './context.js';

export function idRules(ctx: CrossRuleContext): void {
  for (const [id, docs] of ctx.byId) {
    if (docs.length < 2) continue;
    const [first, ...rest] = docs;
    for (const d of rest) {
      ctx.report({
        ...finding(
          'id/duplicate',
          'error',
          d,
          { line: 1, column: 1 },
          `${id} is used by more than one document (also ${first!.file})`,
          'Two branches picked the same number. Run "papertrail renumber" to give the newer document the next free number.',
        ),
        related: [{ file: first!.file, line: 1, column: 1, message: `first use of ${id}` }],
      });
    }
  }
  // Number gaps are worth knowing (a deleted document?) but are not errors.
  const numbers = new Map<string, { n: number; doc: DocSummary }[]>();
  for (const d of ctx.docs) {
    if (d.number === null) continue;
    const key = d.kind === 'extension' ? `${d.baseId}-EXT` : d.kind;
    const list = numbers.get(key) ?? [];
    list.push({ n: d.number, doc: d });
    numbers.set(key, list);
  }
  for (const [key, list] of numbers) {
    list.sort((a, b) => a.n - b.n);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!.n;
      const cur = list[i]!;
      if (cur.n > prev + 1) {
        ctx.report(
          finding(
            'naming/number-gap',
            'info',
            cur.doc,
            { line: 1, column: 1 },
            `Numbering of ${key === 'proposal' || key === 'spec' || key === 'standard' ? `${key}s` : `${key} files`} jumps from ${prev} to ${cur.n}`,
            'A gap usually means a document was deleted or not yet merged; nothing to fix if intended.',
          ),
        );
      }
    }
  }
}
