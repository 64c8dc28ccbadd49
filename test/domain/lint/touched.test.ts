import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DocSummary,
  idScheme,
  loadDocs,
  parseDoc,
  summarizeDoc,
} from '../../../src/domain/docs/index.js';
import { acrossRulesTouched, lintAcross } from '../../../src/domain/lint/index.js';

const ROOT = join(import.meta.dirname, '../../fixtures/broken');
const DOCS = join(ROOT, 'docs');
const scheme = idScheme();
const set = loadDocs(ROOT, DOCS, scheme);
const summaries = set.docs.map((d) => summarizeDoc(d, DOCS, scheme));

/** The summary of `file` with its source edited, as a write would leave it. */
function edited(i: number, edit: (source: string) => string): DocSummary {
  const d = set.docs[i]!;
  return summarizeDoc(parseDoc({ source: edit(d.source), path: d.path, file: d.file, scheme }), DOCS, scheme);
}

const across = (docs: readonly DocSummary[]) => lintAcross({ docs, scheme, docsRoot: DOCS, unreadable: [] });

// The broken corpus has duplicate IDs, cycles, broken references and links: a status change of any
// of its documents must leave what the ID, reference and link rules find anywhere as it was.
describe('acrossRulesTouched', () => {
  const withStatus = set.docs.flatMap((d, i) => (/^status: \w+$/m.test(d.source) ? [i] : []));

  it('leaves out the ID, reference and link rules for a status and date change, which find the same', () => {
    expect(withStatus.length).toBeGreaterThan(20);
    const was = across(summaries);
    for (const i of withStatus) {
      const after = edited(i, (s) =>
        s.replace(/^status: \w+$/m, 'status: deprecated').replace(/^date: .*$/m, 'date: 2031-01-02'),
      );
      expect(acrossRulesTouched(summaries[i]!, after)).toEqual([false, false, false, true]);
      const now = across(summaries.map((s, k) => (k === i ? after : s)));
      expect(now.slice(0, 3)).toEqual(was.slice(0, 3));
    }
  });

  it('runs every rule when the references, requirements, title or ID change', () => {
    const i = withStatus.find((k) => set.docs[k]!.kind === 'spec' && set.docs[k]!.requirements.length)!;
    for (const edit of [
      (s: string) => s.replace(/^status: (\w+)$/m, 'status: $1\ndepends_on:\n  - SPEC-0001'),
      (s: string) => s.replace(/^### Requirement: /m, '### Requirement: Renamed '),
      (s: string) => s.replace(/^# (.*)$/m, '# $1 again'),
      (s: string) => s.replace(/^status: (\w+)$/m, 'status: $1\nsuperseded_by: SPEC-0002'),
    ]) {
      expect(acrossRulesTouched(summaries[i]!, edited(i, edit))).toEqual([true, true, true, true]);
    }
  });
});
