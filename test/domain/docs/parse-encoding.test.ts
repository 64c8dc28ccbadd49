import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../src/domain/docs/index.js';
import { parse } from './helpers.js';

const ROOT = join(import.meta.dirname, '../../fixtures/papertrail/docs');
const files = ['proposals', 'specs', 'standards'].flatMap((d) =>
  readdirSync(join(ROOT, d)).map((f) => `${d}/${f}`),
);

/** Everything a reader of the model sees, without offsets (which shift with \r and the BOM). */
function shape(d: Doc) {
  return {
    kind: d.kind,
    id: d.id,
    title: d.title,
    titlePos: d.titlePos,
    heading: d.heading,
    status: d.status,
    data: d.data,
    sections: d.sections.map(({ title, line, column, start, end }) => ({ title, line, column, start, end })),
    requirements: d.requirements.map((r) => ({
      ...r,
      scenarios: r.scenarios.map((s) => ({ ...s })),
    })),
    options: d.options,
    refs: d.refs,
    implementations: d.implementations,
    problems: d.problems,
    headings: d.scanned.headings,
  };
}

describe('line endings and byte-order marks', () => {
  it.each(files)('%s parses the same with CRLF, with a BOM, and with both', (rel) => {
    const lf = readFileSync(join(ROOT, rel), 'utf8');
    const base = shape(parse(`docs/${rel}`, lf));
    expect(base.problems).toEqual([]);
    for (const variant of [lf.replace(/\n/g, '\r\n'), `\ufeff${lf}`, `\ufeff${lf.replace(/\n/g, '\r\n')}`]) {
      const doc = parse(`docs/${rel}`, variant);
      expect(doc.source).toBe(variant);
      expect(shape(doc)).toEqual(base);
    }
  });

  it('keeps line offsets pointing into the original CRLF text', () => {
    const src =
      '---\r\nstatus: draft\r\n---\r\n# SPEC-0001: T\r\n\r\n## Requirements\r\n\r\n### Requirement: R\r\n';
    const doc = parse('docs/specs/SPEC-0001-t.md', src);
    for (const l of doc.scanned.lines) expect(src.slice(l.start, l.end)).toBe(l.text);
    const r = doc.requirements[0]!;
    expect(src.slice(doc.scanned.lines[r.start]!.start, doc.scanned.lines[r.start]!.end)).toBe(
      '### Requirement: R',
    );
  });

  it('finds the title of a file without frontmatter that starts with a BOM', () => {
    const doc = parse('docs/specs/SPEC-0001-t.md', '\ufeff# SPEC-0001: Title\n\n## Overview\n');
    expect(doc.title).toBe('Title');
    expect(doc.titlePos).toEqual({ line: 1, column: 3 });
    expect(doc.sections.map((s) => s.title)).toEqual(['Overview']);
  });

  it('does not split lines at a lone \\r (only \\n and \\r\\n end a line)', () => {
    const doc = parse('docs/specs/SPEC-0001-t.md', '# A\r## B\nx');
    expect(doc.scanned.lines.map((l) => l.text)).toEqual(['# A\r## B', 'x']);
    expect(doc.sections).toEqual([]);
  });
});

describe('fenced code blocks', () => {
  it('ignores headings, sections and frontmatter-like lines inside fences', () => {
    const src = [
      '---',
      'status: draft',
      '---',
      '````md',
      '# SPEC-0009: Not the title',
      '```',
      '## Requirements',
      '```',
      '````',
      '# SPEC-0001: Real',
      '',
      '## Requirements',
      '',
      '~~~yaml',
      '---',
      '### Requirement: In a tilde fence',
      '~~~',
      '',
      '### Requirement: Real one',
      'The system SHALL.',
    ].join('\n');
    const doc = parse('docs/specs/SPEC-0001-real.md', src);
    expect(doc.title).toBe('Real');
    expect(doc.sections.map((s) => [s.title, s.line])).toEqual([['Requirements', 12]]);
    expect(doc.requirements.map((r) => [r.name, r.line])).toEqual([['Real one', 19]]);
    expect(doc.problems).toEqual([]);
  });
});
