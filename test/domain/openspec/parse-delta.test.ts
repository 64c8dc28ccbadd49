import { describe, expect, it } from 'vitest';
import { parseDeltaSpec } from '../../../src/domain/openspec/index.js';
import { md } from './helpers.js';

describe('parseDeltaSpec', () => {
  it('reads the four sections, case-insensitively and repeated', () => {
    const d = parseDeltaSpec(
      md(
        '## Purpose',
        'New capability purpose.',
        '## ADDED Requirements',
        '### Requirement: A',
        'A SHALL.',
        '#### Scenario: a',
        '- x',
        '## Added Requirements',
        '### Requirement: B',
        'B SHALL.',
        '## MODIFIED Requirements',
        '### Requirement: C',
        'C SHALL.',
        '## REMOVED Requirements',
        '### Requirement: D',
        '- `### Requirement: E`',
        '* ### Requirement: F',
        '+ `### Requirement: G`',
        '## RENAMED Requirements',
        '- FROM: `### Requirement: H`',
        '- TO: `### Requirement: I`',
        'FROM: ### Requirement: J',
        '* TO: ### Requirement: K',
      ),
      'f',
    );
    expect(d.purpose?.text).toBe('New capability purpose.');
    expect(d.sections.map((s) => [s.op, s.title, s.line])).toEqual([
      ['ADDED', 'ADDED Requirements', 3],
      ['ADDED', 'Added Requirements', 8],
      ['MODIFIED', 'MODIFIED Requirements', 11],
      ['REMOVED', 'REMOVED Requirements', 14],
      ['RENAMED', 'RENAMED Requirements', 19],
    ]);
    expect(d.added.map((b) => [b.name, b.line, b.scenarios.length])).toEqual([
      ['A', 4, 1],
      ['B', 9, 0],
    ]);
    expect(d.modified.map((b) => b.name)).toEqual(['C']);
    expect(d.removed.map((r) => [r.name, r.line])).toEqual([
      ['D', 15],
      ['E', 16],
      ['F', 17],
      ['G', 18],
    ]);
    expect(d.renamed.map((r) => [r.from, r.to, r.line, r.toLine])).toEqual([
      ['H', 'I', 20, 21],
      ['J', 'K', 22, 23],
    ]);
    expect(d.unpairedRenames).toEqual([]);
    expect(d.orphans).toEqual([]);
  });

  it('does not match a section title with extra spacing, like OpenSpec', () => {
    const d = parseDeltaSpec(md('## ADDED  Requirements', '### Requirement: A', 'A SHALL.'), 'f');
    expect(d.sections).toEqual([]);
    expect(d.orphans.map((o) => [o.name, o.section])).toEqual([['A', 'ADDED  Requirements']]);
  });

  it('reports unpaired FROM/TO lines instead of guessing a pairing', () => {
    const d = parseDeltaSpec(
      md(
        '## RENAMED Requirements',
        '- FROM: `### Requirement: A`',
        '- FROM: `### Requirement: B`',
        '- TO: `### Requirement: X`',
        '- TO: `### Requirement: Y`',
        '## RENAMED Requirements',
        '- FROM: `### Requirement: C`',
      ),
      'f',
    );
    expect(d.renamed.map((r) => [r.from, r.to])).toEqual([['B', 'X']]);
    expect(d.unpairedRenames.map((u) => [u.side, u.name, u.line])).toEqual([
      ['FROM', 'A', 2],
      ['TO', 'Y', 5],
      ['FROM', 'C', 7],
    ]);
  });

  it('records skipped ### headers in ADDED/MODIFIED and orphaned requirements elsewhere', () => {
    const d = parseDeltaSpec(
      md(
        '### Requirement: Top',
        '## ADDED Requirements',
        '### Notes',
        '### Requirement:',
        '### Requirement: A',
        'A SHALL.',
        '### Also notes',
        '## Notes',
        '### Requirement: Under notes',
      ),
      'f',
    );
    expect(d.skippedHeaders.map((h) => [h.header, h.section, h.line])).toEqual([
      ['Notes', 'ADDED Requirements', 3],
      ['Requirement:', 'ADDED Requirements', 4],
      ['Also notes', 'ADDED Requirements', 7],
    ]);
    expect(d.orphans.map((o) => [o.name, o.section, o.line])).toEqual([
      ['Top', null, 1],
      ['Under notes', 'Notes', 9],
    ]);
    // A stray divider after a requirement stays inside that requirement's block, as archive reads it.
    expect(d.added[0]!.raw).toContain('### Also notes');
  });

  it('ignores everything inside fences', () => {
    const d = parseDeltaSpec(
      md(
        '```',
        '## ADDED Requirements',
        '### Requirement: X',
        '```',
        '## REMOVED Requirements',
        '~~~',
        '- `### Requirement: Y`',
        '~~~',
      ),
      'f',
    );
    expect(d.sections.map((s) => s.op)).toEqual(['REMOVED']);
    expect(d.removed).toEqual([]);
    expect(d.added).toEqual([]);
  });
});

describe('parseDeltaSpec follows OpenSpec where it reads Markdown differently', () => {
  it('treats an indented fence as a fence, as OpenSpec does, and reports the disagreement', () => {
    const d = parseDeltaSpec(
      md(
        '## RENAMED Requirements',
        '- FROM: `### Requirement: A`',
        '    ```',
        '- TO: `### Requirement: B`',
        '    ```',
        '  ## ADDED Requirements',
        '## REMOVED Requirements ##',
      ),
      'f',
    );
    expect(d.renamed).toEqual([]);
    expect(d.unpairedRenames.map((u) => [u.side, u.line])).toEqual([['FROM', 2]]);
    expect(d.sections.map((s) => s.op)).toEqual(['RENAMED']);
    expect(d.malformed.map((m) => [m.kind, m.line])).toEqual([
      ['markdown-only', 6],
      ['closing-hashes', 7],
    ]);
  });
});
