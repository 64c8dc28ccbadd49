import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../../../src/domain/findings/index.js';
import { parseFlatYaml } from '../../../src/domain/openspec/flat-yaml.js';
import {
  checkDelta,
  checkMainSpec,
  checkMerge,
  checkTasks,
  parseDeltaSpec,
  parseOpenSpecSpec,
  readChangeMetadata,
} from '../../../src/domain/openspec/index.js';
import { foldEquals, foldNormalized } from '../../../src/domain/openspec/names.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/openspec');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) return markdownFiles(abs);
    return name.endsWith('.md') ? [readFileSync(abs, 'utf8')] : [];
  });
}
const SEEDS = markdownFiles(FIXTURES);

// Fragments that steer the generator towards the shapes the parsers branch on.
const FRAGMENT = fc.constantFrom(
  '',
  ' ',
  '#',
  '## Purpose',
  '# Requirements',
  '## Requirements',
  '## ADDED Requirements',
  '## modified requirements',
  '## REMOVED Requirements',
  '## RENAMED Requirements',
  '### Requirement: A',
  '### Requirement: A ###',
  '### Requirement:',
  '###Requirement: B',
  '### Notes',
  '#### Scenario: s',
  '#### ',
  '##### deep',
  '```',
  '~~~',
  '````md',
  '- **WHEN** x',
  '- **THEN** y',
  '**ID**: REQ-1',
  'The system SHALL work.',
  '- `### Requirement: A`',
  '- FROM: `### Requirement: A`',
  '- TO: `### Requirement: B`',
  'FROM: ### Requirement: ',
  '- [ ] 1.1 task',
  '- [x] 2.1 task',
  '## 1. Group',
  '<!--',
  '-->',
  '---',
  '\uFEFF',
  'TBD',
);
const LINE = fc.oneof(FRAGMENT, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const EOL = fc.constantFrom('\n', '\r\n', '\r');

const generated = fc
  .tuple(fc.array(LINE, { maxLength: 60 }), EOL, fc.boolean())
  .map(([lines, eol, bom]) => (bom ? '\uFEFF' : '') + lines.join(eol));

type Edit = { kind: 'delete' | 'dup' | 'insert' | 'cut'; at: number; text: string };
const EDIT: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'dup', 'insert', 'cut'),
  at: fc.nat(),
  text: LINE,
});

const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(EDIT, { maxLength: 8 })).map(([seed, edits]) => {
  let lines = seed.split('\n');
  for (const e of edits) {
    const i = lines.length === 0 ? 0 : e.at % lines.length;
    if (e.kind === 'delete') lines.splice(i, 1);
    else if (e.kind === 'dup') lines.splice(i, 0, lines[i] ?? '');
    else if (e.kind === 'insert') lines.splice(i, 0, e.text);
    else
      lines = lines
        .join('\n')
        .slice(0, e.at % (seed.length + 1))
        .split('\n');
  }
  return lines.join('\n');
});

const source = fc.oneof(generated, mutated);

function lineCount(src: string): number {
  return src.split(/\r\n|\r|\n/).length;
}

function wellFormed(findings: Finding[], src: string): void {
  const max = lineCount(src);
  for (const f of findings) {
    expect(f.hint).toBeTruthy();
    if (f.line !== undefined) {
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.line).toBeLessThanOrEqual(max);
    }
  }
}

describe('parsers and rules never throw', () => {
  it('on generated and mutated main specs', () => {
    fc.assert(
      fc.property(source, (src) => {
        const spec = parseOpenSpecSpec(src, 'f');
        wellFormed(checkMainSpec(spec), src);
        for (const b of spec.blocks) expect(b.end).toBeGreaterThan(b.start);
      }),
      { numRuns: 400 },
    );
  });

  it('on generated and mutated delta specs, merged against generated main specs', () => {
    fc.assert(
      fc.property(source, source, fc.boolean(), (delta, main, exists) => {
        const d = parseDeltaSpec(delta, 'd');
        wellFormed(checkDelta(d), delta);
        const target = exists ? parseOpenSpecSpec(main, 't') : null;
        const merged = checkMerge({ delta: d, capability: 'c', target, targetFile: 't', retire: false });
        wellFormed(
          merged.filter((f) => f.file === 'd'),
          delta,
        );
      }),
      { numRuns: 400 },
    );
  });

  it('on generated task lists and metadata', () => {
    fc.assert(
      fc.property(source, fc.string({ maxLength: 80 }), (src, yaml) => {
        wellFormed(checkTasks(src, 'tasks.md', true), src);
        readChangeMetadata(yaml);
        readChangeMetadata(src);
      }),
      { numRuns: 300 },
    );
  });
});

describe('name folding', () => {
  // Cases, spaces of several kinds, and letters whose case mapping is not ASCII's.
  const CHAR = fc.constantFrom(
    'a',
    'A',
    'b',
    'B',
    ' ',
    '  ',
    '\t',
    '\n',
    '\u00a0',
    '\u2003',
    '\u00e9',
    '\u00c9',
    '\u0130',
    'K',
    '\u212a',
    'x',
  );

  it('compares folded names in place exactly as folding both does', () => {
    const NAME = fc.array(CHAR, { maxLength: 8 }).map((c) => c.join(''));
    // The other name is often the same one re-cased and re-spaced, so both answers come up.
    const SPACE = fc.constantFrom(' ', '  ', '\t', ' \n', '\u00a0');
    const variant = (a: string) =>
      fc
        .array(fc.tuple(fc.boolean(), SPACE), { minLength: a.length, maxLength: a.length })
        .map((flips) =>
          [...a]
            .map((ch, i) => (/\s/.test(ch) ? flips[i]![1] : flips[i]![0] ? ch.toUpperCase() : ch))
            .join(''),
        );
    const PAIR = NAME.chain((a) => fc.tuple(fc.constant(a), fc.oneof(NAME, variant(a))));
    let same = 0;
    fc.assert(
      fc.property(PAIR, ([a, b]) => {
        const want = foldNormalized(a) === foldNormalized(b);
        if (want) same++;
        expect(foldEquals(a, b)).toBe(want);
      }),
      { numRuns: 3000 },
    );
    expect(same).toBeGreaterThan(300);
  });

  it('skips the replace only where it would change nothing', () => {
    fc.assert(
      fc.property(fc.array(CHAR, { maxLength: 12 }), (chars) => {
        const name = chars.join('');
        expect(foldNormalized(name)).toBe(name.toLowerCase().replace(/\s+/g, ' '));
      }),
      { numRuns: 500 },
    );
  });
});

describe('flat YAML fast path', () => {
  const KEY = fc.constantFrom('schema', 'created', 'goal', 'skip_specs', 'retire_capabilities', 'x-y');
  const VALUE = fc.oneof(
    fc.constantFrom(
      'spec-driven',
      'true',
      'False',
      'null',
      '~',
      '',
      '2025-01-02',
      'yes',
      'a b c',
      '1',
      '"q"',
      'a: b',
      'x # c',
    ),
    fc.string({ maxLength: 12 }),
  );
  it('agrees with the YAML library whenever it answers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(KEY, VALUE), { maxLength: 6 }), fc.boolean(), (pairs, crlf) => {
        const text = pairs.map(([k, v]) => `${k}: ${v}`).join(crlf ? '\r\n' : '\n');
        const fast = parseFlatYaml(text);
        if (fast === null) return;
        expect(fast).toEqual(parseYaml(text));
      }),
      { numRuns: 500 },
    );
  });
});
