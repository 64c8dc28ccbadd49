import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Doc, parseDoc } from '../../../src/domain/docs/index.js';
import { formatJson, formatSarif, formatText, lintDocs, summarize } from '../../../src/domain/lint/index.js';
import { docSet, scheme } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);

const FIXTURES = ['../../fixtures/papertrail/docs', '../../fixtures/broken/docs'].flatMap((rel) => {
  const root = join(import.meta.dirname, rel);
  return ['proposals', 'specs', 'standards'].flatMap((d) =>
    readdirSync(join(root, d)).map((f) => readFileSync(join(root, d, f), 'utf8')),
  );
});

const NAMES = [
  'docs/proposals/PROP-0001-a.md',
  'docs/proposals/PROP-0002-b.md',
  'docs/specs/SPEC-0001-a.md',
  'docs/specs/SPEC-0002-b.md',
  'docs/specs/SPEC-0001-EXT-0001-a.md',
  'docs/specs/SPEC-0002-EXT-0001-b.md',
  'docs/standards/STD-0001-a.md',
  'docs/specs/SPEC-0001-dup.md',
  'docs/odd.md',
];

const SPECIAL = [
  '#',
  '*',
  '-',
  '_',
  '|',
  '>',
  '`',
  '\r',
  '\n',
  ' ',
  ':',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '"',
  "'",
  '\t',
  '\ufeff',
];
const WORDS = [
  '---',
  '```',
  '### Requirement: ',
  '### Overrides: ',
  '#### Scenario: ',
  '## Requirements',
  '## Overridden Requirements',
  '## Spec Dependencies',
  '## Proposed Direction',
  '### Option 1: ',
  '**GIVEN** ',
  '- WHEN ',
  '**Then** x, **When** y',
  '**ID:** REQ-001',
  '**Depends on:** ',
  '**Replaces:** X (from SPEC-0001)',
  '**Pros:**',
  'SPEC-0001',
  'SPEC-0002-EXT-0001',
  'PROP-0001',
  '| SPEC-0002 |',
  '<!-- REQ-002 -->',
  'status: ',
  'superseded by PROP-0002',
  'implements: SPEC-0001',
  'depends_on: [SPEC-0001, SPEC-0002]',
  'implementations:\n  - repo: x\n    status: 3',
  'scaffold: {files: [{path: ../x}]}',
  '&a [*a]',
  '? ',
];

const junk = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...WORDS), fc.string({ maxLength: 4 })), {
    maxLength: 8,
  })
  .map((xs) => xs.join(''));

type Op =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'fence'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'splice'; at: number; col: number; text: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('fence' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), col: fc.nat(), text: junk }),
);

function mutate(source: string, ops: Op[]): string {
  const lines = source.split('\n');
  for (const o of ops) {
    const n = Math.max(lines.length, 1);
    const i = o.at % n;
    switch (o.op) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 'swap': {
        const j = o.with % n;
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 'fence':
        lines.splice(i, 0, '---');
        break;
      case 'insert':
        lines.splice(i, 0, o.text);
        break;
      case 'splice': {
        const l = lines[i] ?? '';
        const c = o.col % (l.length + 1);
        lines[i] = l.slice(0, c) + o.text + l.slice(c);
        break;
      }
    }
  }
  return lines.join('\n');
}

const mutatedDoc = fc.record({
  base: fc.nat({ max: FIXTURES.length - 1 }),
  ops: fc.array(op, { minLength: 1, maxLength: 10 }),
  name: fc.constantFrom(...NAMES),
  crlf: fc.boolean(),
});

function build(m: { base: number; ops: Op[]; name: string; crlf: boolean }): {
  file: string;
  source: string;
} {
  let source = mutate(FIXTURES[m.base]!, m.ops);
  if (m.crlf) source = source.replace(/\n/g, '\r\n');
  return { file: m.name, source };
}

function parseAndLint(files: { file: string; source: string }[]): void {
  const docs: Doc[] = files.map(({ file, source }) => {
    const d = parseDoc({ source, file, path: `/ws/${file}`, scheme });
    expect(d.source).toBe(source);
    return d;
  });
  const findings = lintDocs(docSet(docs));
  for (const f of findings) {
    expect(typeof f.code).toBe('string');
    expect(['error', 'warning', 'info']).toContain(f.severity);
    if (f.line !== undefined) expect(f.line).toBeGreaterThanOrEqual(1);
    if (f.column !== undefined) expect(f.column).toBeGreaterThanOrEqual(1);
  }
  const r = summarize(findings, docs.length, false);
  formatText(r.findings, r.summary, r.ok, { verbose: true });
  JSON.parse(formatJson(r.findings, r.summary, r.ok));
  JSON.parse(formatSarif(r.findings, '0.0.0'));
}

describe('parseDoc and lintDocs never throw', () => {
  it('on arbitrary strings', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom(...NAMES),
        (source, file) => {
          parseAndLint([{ file, source }]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on strings made of Markdown and YAML punctuation', { timeout: 120_000 }, () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...WORDS)), {
      maxLength: 120,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.constantFrom(...NAMES)), { minLength: 1, maxLength: 4 }),
        (docs) => {
          parseAndLint(docs.map(([t, file]) => ({ file, source: t.join('') })));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on mutated fixtures (lines deleted, duplicated, swapped, --- and punctuation inserted)', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(fc.array(mutatedDoc, { minLength: 1, maxLength: 5 }), (ms) => {
        parseAndLint(ms.map(build));
      }),
      { numRuns: RUNS },
    );
  });

  it('on every fixture with each single line removed', { timeout: 120_000 }, () => {
    for (const source of FIXTURES.slice(0, 12)) {
      const lines = source.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const cut = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        parseAndLint([
          { file: 'docs/specs/SPEC-0001-a.md', source: cut },
          { file: 'docs/specs/SPEC-0001-EXT-0001-a.md', source: cut },
        ]);
      }
    }
  });
});
