import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EDGE_TYPES,
  type Graph,
  type GraphNode,
  packGraph,
  unpackGraph,
} from '../../../src/domain/graph/index.js';

// The kept graph goes through JSON: what is unpacked must print as the graph built from the files
// does, key order included (graph --json prints nodes as they are).
const text = fc.string({ maxLength: 12 });
const pos = fc.nat({ max: 5000 });

const docNode = fc
  .record({
    id: text,
    kind: fc.constantFrom('proposal', 'spec', 'extension', 'standard'),
    label: text,
    file: text,
    line: pos,
    column: pos,
    status: fc.option(text, { nil: undefined }),
  })
  .map(({ status, ...n }) => (status === undefined ? n : { ...n, status }) as GraphNode);

const requirementNode = fc
  .record({
    id: text,
    kind: fc.constant('requirement'),
    label: text,
    file: text,
    line: pos,
    column: pos,
    parent: text,
    localId: fc.option(text, { nil: undefined }),
  })
  .map(({ localId, ...n }) => (localId === undefined ? n : { ...n, localId }) as GraphNode);

const graph: fc.Arbitrary<Graph> = fc
  .array(fc.oneof(docNode, requirementNode), { maxLength: 30 })
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(
        fc.record({
          from: nodes.length ? fc.constantFrom(...nodes.map((n) => n.id)) : text,
          to: nodes.length ? fc.constantFrom(...nodes.map((n) => n.id)) : text,
          type: fc.constantFrom(...EDGE_TYPES),
          file: text,
          line: pos,
          column: pos,
        }),
        { maxLength: 40 },
      ),
      unresolved: fc.array(
        fc.record({
          from: text,
          ref: text,
          type: fc.constantFrom(...EDGE_TYPES),
          file: text,
          line: pos,
          column: pos,
        }),
        { maxLength: 3 },
      ),
      duplicates: fc.constant([]),
    }),
  );

const throughJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('the packed link graph', () => {
  it('unpacks to the same JSON, byte for byte', () => {
    fc.assert(
      fc.property(graph, (g) => {
        const packed = packGraph(g);
        expect(packed).not.toBeNull();
        expect(JSON.stringify(unpackGraph(throughJson(packed)))).toBe(JSON.stringify(g));
      }),
      { numRuns: 300 },
    );
  });

  it('gives an edge the string of its node, so each ID is one string', () => {
    const g: Graph = {
      nodes: [
        { id: 'SPEC-0001', kind: 'spec', label: 'A', file: 'a.md', line: 1, column: 3, status: 'draft' },
        { id: 'PROP-0001', kind: 'proposal', label: 'B', file: 'b.md', line: 1, column: 3 },
      ],
      edges: [{ from: 'SPEC-0001', to: 'PROP-0001', type: 'implements', file: 'a.md', line: 4, column: 1 }],
      unresolved: [],
      duplicates: [],
    };
    const packed = packGraph(g)!;
    expect(packed.strings.filter((s) => s === 'SPEC-0001')).toHaveLength(1);
    expect(unpackGraph(throughJson(packed))).toEqual(g);
  });

  it('will not pack a shape it cannot give back', () => {
    const base: GraphNode = { id: 'S', kind: 'spec', label: 'L', file: 'f', line: 1, column: 1 };
    const of = (nodes: GraphNode[]): Graph => ({ nodes, edges: [], unresolved: [], duplicates: [] });
    expect(packGraph(of([{ ...base, extra: 1 } as GraphNode]))).toBeNull();
    expect(packGraph(of([{ status: 'draft', ...base }]))).toBeNull();
    expect(packGraph(of([{ ...base, line: 1.5 }]))).toBeNull();
    expect(packGraph(of([base]))).not.toBeNull();
  });

  it('refuses what it did not pack: damaged, older or foreign', () => {
    const good = throughJson(
      packGraph({
        nodes: [{ id: 'S', kind: 'spec', label: 'L', file: 'f', line: 1, column: 1 }],
        edges: [{ from: 'S', to: 'S', type: 'depends_on', file: 'f', line: 2, column: 1 }],
        unresolved: [],
        duplicates: [],
      }),
    ) as Record<string, unknown[]>;
    expect(unpackGraph(good)).not.toBeNull();
    for (const broken of [
      { ...good, nodes: good.nodes!.slice(1) },
      { ...good, edges: [99, 0, 1, 2, 3, 4] },
      { ...good, nodes: good.nodes!.map((x, i) => (i === 4 ? '1' : x)) },
      { ...good, strings: undefined },
      { nodes: [], edges: [], unresolved: [], duplicates: [] },
      null,
      'graph',
    ])
      expect(unpackGraph(broken)).toBeNull();
  });
});
