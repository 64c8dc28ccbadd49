import { describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/errors.js';
import { formatTrace, type TraceLink, trace } from '../../../src/domain/graph/index.js';
import { graphOf } from './helpers.js';

const g = graphOf({
  'proposals/PROP-0001-p.md': '# PROP-0001: Plan\n',
  'specs/SPEC-0001-core.md': `---
implements: PROP-0001
status: approved
---
# SPEC-0001: Core

## Requirements

### Requirement: Store
**ID:** REQ-001

Data SHALL be stored.

### Requirement: Index
**ID:** REQ-002
**Depends on:** Store, Nowhere

Data SHALL be indexed.
`,
  'specs/SPEC-0002-search.md': `---
depends_on: [SPEC-0001]
---
# SPEC-0002: Search

## Requirements

### Requirement: Query
**ID:** REQ-001
**Depends on:** SPEC-0001/REQ-002, Rank

Queries SHALL work.

### Requirement: Rank
**ID:** REQ-002
**Depends on:** Query

Results SHALL be ranked.
`,
  'specs/SPEC-0001-EXT-0001-fast.md': `# SPEC-0001-EXT-0001: Fast

## Overridden Requirements

### Overrides: Store
**ID:** REQ-001

Data SHALL be stored fast.
`,
});

/** A trace tree as indented `type id` lines, repeats marked with `*`. */
function flat(links: TraceLink[], indent = ''): string[] {
  return links.flatMap((l) => [
    `${indent}${l.type} ${l.node.id}${l.repeat ? ' *' : ''} @${l.depth}`,
    ...flat(l.children, `${indent}  `),
  ]);
}

describe('trace', () => {
  it('follows requires chains backwards to everything that depends on a requirement', () => {
    const r = trace(g, 'SPEC-0001/REQ-001');
    expect(r.parent?.id).toBe('SPEC-0001');
    expect(r.requirements).toEqual([]);
    expect(flat(r.incoming)).toEqual([
      'requires SPEC-0001/REQ-002 @1',
      '  requires SPEC-0002/REQ-001 @2',
      '    requires SPEC-0002/REQ-002 @3',
      '      requires SPEC-0002/REQ-001 * @4',
      'overrides SPEC-0001-EXT-0001/REQ-001 @1',
    ]);
    expect(r.outgoing).toEqual([]);
  });

  it('follows requires chains forwards and marks cycles', () => {
    const r = trace(g, 'SPEC-0002/REQ-001');
    expect(flat(r.outgoing)).toEqual([
      'requires SPEC-0001/REQ-002 @1',
      '  requires SPEC-0001/REQ-001 @2',
      'requires SPEC-0002/REQ-002 @1',
      '  requires SPEC-0002/REQ-001 * @2',
    ]);
  });

  it('stops at the requested depth', () => {
    expect(flat(trace(g, 'SPEC-0001/REQ-001', { depth: 1 }).incoming)).toEqual([
      'requires SPEC-0001/REQ-002 @1',
      'overrides SPEC-0001-EXT-0001/REQ-001 @1',
    ]);
  });

  it('lists a document’s requirements, its links both ways, and broken refs inside it', () => {
    const r = trace(g, 'SPEC-0001');
    expect(r.requirements.map((n) => n.id)).toEqual(['SPEC-0001/REQ-001', 'SPEC-0001/REQ-002']);
    expect(flat(r.incoming)).toEqual(['extends SPEC-0001-EXT-0001 @1', 'depends_on SPEC-0002 @1']);
    expect(flat(r.outgoing)).toEqual(['implements PROP-0001 @1']);
    expect(r.unresolved.map((u) => u.ref)).toEqual(['Nowhere']);
  });

  it('follows other link types transitively when asked', () => {
    const r = trace(g, 'PROP-0001', { transitive: ['implements', 'depends_on'] });
    expect(flat(r.incoming)).toEqual(['implements SPEC-0001 @1']);
    const s = trace(g, 'SPEC-0002', { transitive: ['depends_on', 'implements'] });
    expect(flat(s.outgoing)).toEqual(['depends_on SPEC-0001 @1']);
  });

  it('accepts an ID typed in another case, and name-based IDs upper-cased by a CLI', () => {
    expect(trace(g, 'spec-0001/req-002').node.id).toBe('SPEC-0001/REQ-002');
    const h = graphOf({
      'specs/SPEC-0009-x.md': '# SPEC-0009: X\n\n## Requirements\n\n### Requirement: Login\n\nIt SHALL.\n',
    });
    expect(trace(h, 'SPEC-0009#LOGIN').node.id).toBe('SPEC-0009#Login');
  });

  it('rejects an unknown ID with a suggestion', () => {
    try {
      trace(g, 'SPEC-0001/REQ-003');
      expect.unreachable();
    } catch (e) {
      expect(isPtError(e) && e.hint).toContain('SPEC-0001/REQ-001');
    }
  });
});

describe('formatTrace', () => {
  it('draws a requirement trace as a tree', () => {
    expect(formatTrace(trace(g, 'SPEC-0001/REQ-002'))).toBe(
      [
        'SPEC-0001/REQ-002: Index  (requirement of SPEC-0001, specs/SPEC-0001-core.md:14:5)',
        'pointed at by',
        '└─ requires ← SPEC-0002/REQ-001: Query',
        '   └─ requires ← SPEC-0002/REQ-002: Rank',
        '      └─ requires ← SPEC-0002/REQ-001: Query  (see above)',
        'points at',
        '└─ requires → SPEC-0001/REQ-001: Store',
        'unresolved',
        '└─ requires ✗ "Nowhere"  specs/SPEC-0001-core.md:16:24',
        '',
      ].join('\n'),
    );
  });

  it('draws a document trace with its requirements', () => {
    expect(formatTrace(trace(g, 'SPEC-0001'))).toBe(
      [
        'SPEC-0001: Core  (spec, approved, specs/SPEC-0001-core.md:5:3)',
        'requirements',
        '├─ SPEC-0001/REQ-001: Store',
        '└─ SPEC-0001/REQ-002: Index',
        'pointed at by',
        '├─ extends ← SPEC-0001-EXT-0001: Fast',
        '└─ depends on ← SPEC-0002: Search',
        'points at',
        '└─ implements → PROP-0001: Plan',
        'unresolved',
        '└─ requires ✗ "Nowhere"  specs/SPEC-0001-core.md:16:24',
        '',
      ].join('\n'),
    );
  });

  it('says (none) for an empty direction', () => {
    expect(formatTrace(trace(g, 'SPEC-0001-EXT-0001/REQ-001'))).toContain('pointed at by\n└─ (none)\n');
  });
});

describe('formatTrace on long chains', () => {
  it('stops indenting deep chains and says their depth instead', () => {
    const reqs = Array.from(
      { length: 30 },
      (_, i) =>
        `### Requirement: R${i}\n**ID:** REQ-${String(i + 1).padStart(3, '0')}\n${i ? `**Depends on:** R${i - 1}\n` : ''}\nR${i}.\n`,
    );
    const chain = graphOf({
      'specs/SPEC-0001-chain.md': `# SPEC-0001: Chain\n\n## Requirements\n\n${reqs.join('\n')}`,
    });
    const out = formatTrace(trace(chain, 'SPEC-0001/REQ-001')).split('\n');
    expect(out[2]).toBe('└─ requires ← SPEC-0001/REQ-002: R1');
    expect(out[13]).toBe(`${'   '.repeat(11)}└─ requires ← SPEC-0001/REQ-013: R12`);
    expect(out[14]).toBe(`${'   '.repeat(12)}└─ [13] requires ← SPEC-0001/REQ-014: R13`);
    expect(out[30]).toBe(`${'   '.repeat(12)}└─ [29] requires ← SPEC-0001/REQ-030: R29`);
  });
});
