import { describe, expect, it } from 'vitest';
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
});
