import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  type Graph,
  type GraphEdge,
  REQUIREMENT_CYCLE_EDGES,
  SPEC_CYCLE_EDGES,
} from '../../../src/domain/graph/index.js';
import { graphOf } from './helpers.js';

const loops = graphOf({
  'specs/SPEC-0001-loops.md': `# SPEC-0001: Loops

## Requirements

### Requirement: A
**ID:** REQ-001
**Depends on:** B

### Requirement: B
**ID:** REQ-002
**Depends on:** A

### Requirement: C
**ID:** REQ-003
**Depends on:** REQ-004

### Requirement: D
**ID:** REQ-004
**Depends on:** REQ-005

### Requirement: E
**ID:** REQ-005
**Depends on:** SPEC-0001/REQ-003

### Requirement: Selfish
**ID:** REQ-006
**Depends on:** Selfish

### Requirement: Fine
**ID:** REQ-007
**Depends on:** A, C
`,
});

describe('findCycles', () => {
  it('finds 2-cycles, 3-cycles and self-loops among requirements, in ID order', () => {
    expect(findCycles(loops, REQUIREMENT_CYCLE_EDGES)).toEqual([
      ['SPEC-0001/REQ-001', 'SPEC-0001/REQ-002'],
      ['SPEC-0001/REQ-003', 'SPEC-0001/REQ-004', 'SPEC-0001/REQ-005'],
      ['SPEC-0001/REQ-006'],
    ]);
  });

  it('ignores edge types it was not asked about', () => {
    expect(findCycles(loops, SPEC_CYCLE_EDGES)).toEqual([]);
  });

  it('finds spec-level cycles through depends_on and the Spec Dependencies section', () => {
    const g = graphOf({
      'specs/SPEC-0001-a.md': '---\ndepends_on: [SPEC-0002]\n---\n# SPEC-0001: A\n',
      'specs/SPEC-0002-b.md': '# SPEC-0002: B\n\n## Spec Dependencies\n\n- SPEC-0003: C\n',
      'specs/SPEC-0003-c.md': '---\ndepends_on: SPEC-0001\n---\n# SPEC-0003: C\n',
      'specs/SPEC-0004-d.md': '---\ndepends_on: [SPEC-0001]\n---\n# SPEC-0004: D\n',
    });
    expect(findCycles(g, SPEC_CYCLE_EDGES)).toEqual([['SPEC-0001', 'SPEC-0002', 'SPEC-0003']]);
  });

  it('counts extends as a spec-level link', () => {
    const g = graphOf({
      'specs/SPEC-0001-a.md': '---\ndepends_on: [SPEC-0001-EXT-0001]\n---\n# SPEC-0001: A\n',
      'specs/SPEC-0001-EXT-0001-x.md': '# SPEC-0001-EXT-0001: X\n',
    });
    expect(findCycles(g, SPEC_CYCLE_EDGES)).toEqual([['SPEC-0001', 'SPEC-0001-EXT-0001']]);
  });

  it('reports one shortest cycle per tangle, starting at its smallest ID', () => {
    // a→b→c→a plus a→c: the shortest way back to a is a→c→a.
    const g = synthetic(4, [
      [0, 1],
      [1, 2],
      [2, 0],
      [0, 2],
      [3, 3],
      [3, 0],
    ]);
    expect(findCycles(g, ['requires'])).toEqual([['N00', 'N02'], ['N03']]);
  });

  it('walks a 20,000-long chain without overflowing the stack', () => {
    const n = 20_000;
    const pairs: [number, number][] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
    expect(findCycles(synthetic(n, pairs), ['requires'])).toEqual([]);
    pairs.push([n - 1, 0]);
    const cycles = findCycles(synthetic(n, pairs), ['requires']);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});

/** A graph with nodes N00… and `requires` edges, no parsing involved. */
function synthetic(n: number, pairs: readonly (readonly [number, number])[]): Graph {
  const id = (i: number) => `N${String(i).padStart(2, '0')}`;
  const at = { file: 'x.md', line: 1, column: 1 };
  return {
    nodes: Array.from({ length: n }, (_, i) => ({
      id: id(i),
      kind: 'requirement' as const,
      label: id(i),
      ...at,
    })),
    edges: pairs.map(([a, b]): GraphEdge => ({ from: id(a), to: id(b), type: 'requires', ...at })),
    unresolved: [],
    duplicates: [],
  };
}

/** Kahn's algorithm: true when every node can be put in dependency order. */
function topoSorts(n: number, pairs: readonly (readonly [number, number])[]): boolean {
  const indeg = new Array<number>(n).fill(0);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of pairs) {
    succ[a]!.push(b);
    indeg[b]!++;
  }
  const ready = indeg.flatMap((d, i) => (d === 0 ? [i] : []));
  let done = 0;
  while (ready.length) {
    const v = ready.pop()!;
    done++;
    for (const w of succ[v]!) if (--indeg[w]! === 0) ready.push(w);
  }
  return done === n;
}

const graphArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    pairs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
  }),
);

/** One spec whose requirement R<i> depends on R<j> for each pair, written in Markdown. */
function specSource(n: number, pairs: readonly (readonly [number, number])[]): string {
  const blocks = Array.from({ length: n }, (_, i) => {
    const deps = pairs.filter(([a]) => a === i).map(([, b]) => `R${b}`);
    const dependsOn = deps.length ? `**Depends on:** ${deps.join(', ')}\n` : '';
    return `### Requirement: R${i}\n**ID:** REQ-${String(i + 1).padStart(3, '0')}\n${dependsOn}\nR${i} SHALL hold.\n`;
  });
  return `# SPEC-0001: Random\n\n## Requirements\n\n${blocks.join('\n')}`;
}

describe('findCycles, property-based', () => {
  it('finds a cycle exactly when the requirements cannot be ordered', () => {
    fc.assert(
      fc.property(graphArb, ({ n, pairs }) => {
        const g = graphOf({ 'specs/SPEC-0001-random.md': specSource(n, pairs) });
        expect(g.unresolved).toEqual([]);
        const cycles = findCycles(g, ['requires']);
        expect(cycles.length > 0).toBe(!topoSorts(n, pairs));
      }),
      { numRuns: 200 },
    );
  });

  it('returns only real cycles, each starting at its smallest ID, in sorted order', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 })),
          ),
        ([n, pairs]) => {
          const g = synthetic(n, pairs);
          const has = new Set(g.edges.map((e) => `${e.from}>${e.to}`));
          const cycles = findCycles(g, ['requires']);
          expect(cycles.length > 0).toBe(!topoSorts(n, pairs));
          for (const c of cycles) {
            expect(c.every((v, i) => has.has(`${v}>${c[(i + 1) % c.length]}`))).toBe(true);
            expect(new Set(c).size).toBe(c.length);
            expect([...c].sort()[0]).toBe(c[0]);
          }
          const keys = cycles.map((c) => c.join(' '));
          expect(keys).toEqual([...keys].sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
