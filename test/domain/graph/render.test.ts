import { describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/errors.js';
import { graphJson, toDot, toJson, toMermaid } from '../../../src/domain/graph/index.js';
import { small } from './fixture-small.js';

const g = small();
const lines = (s: string) => s.trimEnd().split('\n');

describe('toMermaid', () => {
  it('draws every node and edge at level all, with a shape per kind', () => {
    expect(lines(toMermaid(g))).toEqual([
      'graph TD',
      '  classDef retired stroke-dasharray: 5 5,color:#888',
      '  PROP_0001(["PROP-0001: Auth #quot;v2#quot; #lt;draft#gt;"])',
      '  SPEC_0001["SPEC-0001: Auth"]',
      '  SPEC_0001_EXT_0001[/"SPEC-0001-EXT-0001: SSO"/]',
      '  SPEC_0001_EXT_0001_Login("SPEC-0001-EXT-0001#35;Login")',
      '  SPEC_0001_REQ_001("SPEC-0001/REQ-001: Login")',
      '  SPEC_0001_REQ_002("SPEC-0001/REQ-002: Logout #35;2")',
      '  SPEC_0002["SPEC-0002: Lonely"]',
      '  STD_0001{{"STD-0001: Old #amp; busted"}}:::retired',
      '  SPEC_0001 -->|implements| PROP_0001',
      '  SPEC_0001 -->|conforms to| STD_0001',
      '  SPEC_0001 -->|has| SPEC_0001_REQ_001',
      '  SPEC_0001 -->|has| SPEC_0001_REQ_002',
      '  SPEC_0001_EXT_0001 -.->|extends| SPEC_0001',
      '  SPEC_0001_EXT_0001 -->|has| SPEC_0001_EXT_0001_Login',
      '  SPEC_0001_EXT_0001_Login -->|requires| SPEC_0001_REQ_002',
      '  SPEC_0001_EXT_0001_Login -->|overrides| SPEC_0001_REQ_001',
      '  SPEC_0001_REQ_002 -->|requires| SPEC_0001_REQ_001',
    ]);
  });

  it('keeps only documents at level docs', () => {
    const out = lines(toMermaid(g, { level: 'docs', direction: 'LR' }));
    expect(out[0]).toBe('graph LR');
    expect(out).toContain('  SPEC_0001_EXT_0001 -.->|extends| SPEC_0001');
    expect(out.some((l) => l.includes('REQ') || l.includes('|has|'))).toBe(false);
  });

  it('groups requirements by document at level requirements', () => {
    expect(lines(toMermaid(g, { level: 'requirements' }))).toEqual([
      'graph TD',
      '  subgraph SPEC_0001["SPEC-0001: Auth"]',
      '    SPEC_0001_REQ_001("REQ-001: Login")',
      '    SPEC_0001_REQ_002("REQ-002: Logout #35;2")',
      '  end',
      '  subgraph SPEC_0001_EXT_0001["SPEC-0001-EXT-0001: SSO"]',
      '    SPEC_0001_EXT_0001_Login("Login")',
      '  end',
      '  SPEC_0001_EXT_0001_Login -->|requires| SPEC_0001_REQ_002',
      '  SPEC_0001_EXT_0001_Login -->|overrides| SPEC_0001_REQ_001',
      '  SPEC_0001_REQ_002 -->|requires| SPEC_0001_REQ_001',
    ]);
  });

  it('keeps only what is connected to the focus', () => {
    const out = toMermaid(g, { level: 'docs', focus: 'SPEC-0002' });
    expect(lines(out)).toEqual(['graph TD', '  SPEC_0002["SPEC-0002: Lonely"]']);
    const near = lines(toMermaid(g, { level: 'docs', focus: 'PROP-0001', depth: 1 }));
    expect(near.filter((l) => !l.includes('-->') && !l.includes('-.->')).slice(1)).toEqual([
      '  PROP_0001(["PROP-0001: Auth #quot;v2#quot; #lt;draft#gt;"])',
      '  SPEC_0001["SPEC-0001: Auth"]',
    ]);
  });

  it('lets a document stand for its requirements when focusing at requirement level', () => {
    const out = toMermaid(g, { level: 'requirements', focus: 'SPEC-0001-EXT-0001', depth: 1 });
    expect(out).toContain('SPEC_0001_EXT_0001_Login -->|overrides| SPEC_0001_REQ_001');
    expect(lines(toMermaid(g, { level: 'requirements', focus: 'SPEC-0001-EXT-0001', depth: 0 }))).toEqual([
      'graph TD',
      '  subgraph SPEC_0001_EXT_0001["SPEC-0001-EXT-0001: SSO"]',
      '    SPEC_0001_EXT_0001_Login("Login")',
      '  end',
    ]);
  });

  it('fails on an unknown focus with a suggestion', () => {
    try {
      toMermaid(g, { focus: 'SPEC-0003' });
      expect.unreachable();
    } catch (e) {
      expect(isPtError(e) && e.code).toBe('graph/unknown-node');
      expect(isPtError(e) && e.hint).toContain('SPEC-0001');
    }
  });

  it('makes flattened IDs that collide distinct, and avoids keywords', () => {
    const at = { file: 'x.md', line: 1, column: 1 };
    const out = toMermaid({
      nodes: [
        { id: 'A-B', kind: 'spec', label: 'A-B', ...at },
        { id: 'A_B', kind: 'spec', label: 'A_B', ...at },
        { id: 'end', kind: 'spec', label: 'end', ...at },
      ],
      edges: [],
      unresolved: [],
      duplicates: [],
    });
    expect(lines(out).slice(1)).toEqual(['  A_B["A-B"]', '  A_B_2["A_B"]', '  n_end["end"]']);
  });
});

describe('toDot', () => {
  it('quotes IDs, escapes labels, and styles by kind and status', () => {
    const out = lines(toDot(g, { level: 'docs' }));
    expect(out.slice(0, 4)).toEqual([
      'digraph papertrail {',
      '  rankdir=TB;',
      '  node [fontname="Helvetica", fontsize=10];',
      '  edge [fontname="Helvetica", fontsize=9];',
    ]);
    expect(out).toContain('  "PROP-0001" [label="PROP-0001: Auth \\"v2\\" <draft>", shape=ellipse];');
    expect(out).toContain('  "SPEC-0001-EXT-0001" [label="SPEC-0001-EXT-0001: SSO", shape=parallelogram];');
    expect(out).toContain(
      '  "STD-0001" [label="STD-0001: Old & busted", shape=hexagon, style=dashed, fontcolor=gray40];',
    );
    expect(out).toContain('  "SPEC-0001-EXT-0001" -> "SPEC-0001" [label="extends", style=dashed];');
    expect(out).toContain('  "SPEC-0001" -> "PROP-0001" [label="implements"];');
    expect(out.at(-1)).toBe('}');
  });

  it('draws requirement groups as clusters', () => {
    const out = lines(toDot(g, { level: 'requirements' }));
    expect(out.slice(4, 9)).toEqual([
      '  subgraph "cluster_SPEC-0001" {',
      '    label="SPEC-0001: Auth";',
      '    "SPEC-0001/REQ-001" [label="REQ-001: Login", shape=box, style=rounded];',
      '    "SPEC-0001/REQ-002" [label="REQ-002: Logout #2", shape=box, style=rounded];',
      '  }',
    ]);
    expect(out).toContain('  "SPEC-0001/REQ-002" -> "SPEC-0001/REQ-001" [label="requires"];');
  });
});

describe('toJson', () => {
  it('is versioned, sorted and stable', () => {
    const json = graphJson(g);
    expect(json.version).toBe(1);
    expect(Object.keys(json)).toEqual(['version', 'level', 'nodes', 'edges', 'unresolved', 'duplicates']);
    expect(json.nodes.map((n) => n.id)).toEqual([...json.nodes.map((n) => n.id)].sort());
    expect(json.nodes[0]).toEqual({
      id: 'PROP-0001',
      kind: 'proposal',
      label: 'Auth "v2" <draft>',
      file: 'proposals/PROP-0001-auth.md',
      line: 4,
      column: 3,
      status: 'approved',
    });
    expect(Object.keys(json.edges[0]!)).toEqual(['from', 'to', 'type', 'file', 'line', 'column']);
    expect(toJson(small())).toBe(toJson(g));
    expect(JSON.parse(toJson(g))).toEqual(json);
  });

  it('applies level and focus, and keeps unresolved refs of shown nodes', () => {
    const json = graphJson(g, { level: 'docs', focus: 'spec-0002' });
    expect(json).toEqual({
      version: 1,
      level: 'docs',
      focus: 'SPEC-0002',
      nodes: [json.nodes[0]],
      edges: [],
      unresolved: [],
      duplicates: [],
    });
  });
});
