import { describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/errors.js';
import { selectView, trace } from '../../../src/domain/graph/index.js';
import { edgeList, graphOf } from './helpers.js';

// Two branches both took the next number.
const files = {
  'specs/SPEC-0003-search.md': `# SPEC-0003: Search

## Requirements

### Requirement: Query
**ID:** REQ-001

Search SHALL accept queries.
`,
  'specs/SPEC-0003-export.md': `# SPEC-0003: Export

## Requirements

### Requirement: CSV
**ID:** REQ-001

Export SHALL write CSV.

### Requirement: JSON
**ID:** REQ-001

Export SHALL write JSON.
`,
  'specs/SPEC-0004-ui.md': `---
depends_on: [SPEC-0003]
---
# SPEC-0004: UI

## Requirements

### Requirement: Screen
**Depends on:** SPEC-0003/REQ-001

The UI SHALL show things.
`,
};

describe('duplicate IDs', () => {
  const g = graphOf(files);

  it('keeps both documents as distinct nodes; the first by path keeps the plain ID', () => {
    expect(g.nodes.filter((n) => n.kind === 'spec').map((n) => `${n.id} ${n.file}`)).toEqual([
      'SPEC-0003 specs/SPEC-0003-export.md',
      'SPEC-0003~2 specs/SPEC-0003-search.md',
      'SPEC-0004 specs/SPEC-0004-ui.md',
    ]);
    expect(edgeList(g, 'has_requirement')).toContain('SPEC-0003~2 -has_requirement-> SPEC-0003~2/REQ-001');
  });

  it('reports duplicate documents and duplicate requirement IDs', () => {
    expect(g.duplicates).toEqual([
      {
        id: 'SPEC-0003',
        kind: 'spec',
        occurrences: [
          { node: 'SPEC-0003', file: 'specs/SPEC-0003-export.md', line: 1, column: 3 },
          { node: 'SPEC-0003~2', file: 'specs/SPEC-0003-search.md', line: 1, column: 3 },
        ],
      },
      {
        id: 'SPEC-0003/REQ-001',
        kind: 'requirement',
        occurrences: [
          { node: 'SPEC-0003/REQ-001', file: 'specs/SPEC-0003-export.md', line: 5, column: 5 },
          { node: 'SPEC-0003/REQ-001~2', file: 'specs/SPEC-0003-export.md', line: 10, column: 5 },
        ],
      },
    ]);
  });

  it('resolves references to the ID to the document that kept it', () => {
    expect(edgeList(g).filter((e) => e.startsWith('SPEC-0004'))).toEqual([
      'SPEC-0004 -depends_on-> SPEC-0003',
      'SPEC-0004 -has_requirement-> SPEC-0004#Screen',
      'SPEC-0004#Screen -requires-> SPEC-0003/REQ-001',
    ]);
  });

  it('prefers the file whose name carries the ID over one that only claims it in frontmatter', () => {
    const h = graphOf({
      'notes/aaa.md': '---\nid: SPEC-0005\n---\n# Notes\n',
      'specs/SPEC-0005-real.md': '# SPEC-0005: Real\n',
    });
    expect(h.nodes.map((n) => `${n.id} ${n.file}`)).toEqual([
      'SPEC-0005 specs/SPEC-0005-real.md',
      'SPEC-0005~2 notes/aaa.md',
    ]);
  });

  it('gives the same result whatever the input order', () => {
    expect(graphOf(Object.fromEntries(Object.entries(files).reverse()))).toEqual(g);
  });

  it('refuses to trace or focus on a contested ID, naming every file that claims it', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof PtError ? { ...e.toJSON() } : e;
      }
      return 'not refused';
    };
    const docs = {
      code: 'id/duplicate',
      message:
        'SPEC-0003 is used by 2 documents: specs/SPEC-0003-export.md:1:3, specs/SPEC-0003-search.md:1:3',
      location: { file: 'specs/SPEC-0003-search.md', line: 1, column: 3 },
      exit: 3,
    };
    expect(refusal(() => trace(g, 'SPEC-0003'))).toMatchObject(docs);
    expect(refusal(() => trace(g, 'spec-0003'))).toMatchObject(docs);
    expect(refusal(() => selectView(g, { focus: 'SPEC-0003' }))).toMatchObject(docs);
    expect((refusal(() => trace(g, 'SPEC-0003')) as { hint: string }).hint).toContain('papertrail renumber');
    expect(refusal(() => trace(g, 'SPEC-0003/REQ-001'))).toMatchObject({
      code: 'id/duplicate',
      message:
        'SPEC-0003/REQ-001 is used by 2 requirements: specs/SPEC-0003-export.md:5:5, specs/SPEC-0003-export.md:10:5',
    });
    // A requirement of the contested document is as ambiguous as the document.
    const h = graphOf({
      ...files,
      'specs/SPEC-0003-export.md': files['specs/SPEC-0003-export.md'].replace(
        '**ID:** REQ-001\n\nExport SHALL write JSON',
        '**ID:** REQ-002\n\nExport SHALL write JSON',
      ),
    });
    expect(refusal(() => trace(h, 'SPEC-0003/REQ-002'))).toMatchObject({
      code: 'id/duplicate',
      message: docs.message,
    });
    // The node IDs of the other claims name one document, and unique IDs trace as before.
    expect(trace(g, 'SPEC-0003~2').node.file).toBe('specs/SPEC-0003-search.md');
    expect(trace(g, 'SPEC-0004').node.id).toBe('SPEC-0004');
  });
});
