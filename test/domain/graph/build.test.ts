import { describe, expect, it } from 'vitest';
import { edgeList, graphOf } from './helpers.js';

const files = {
  'proposals/PROP-0001-auth.md': `---
status: approved
---
# PROP-0001: Authentication
`,
  'proposals/PROP-0002-old.md': `---
status: superseded by PROP-0001
superseded_by: PROP-0001
---
# PROP-0002: Old idea
`,
  'standards/STD-0001-logging.md': `---
status: approved
---
# STD-0001: Logging
`,
  'specs/SPEC-0001-auth.md': `---
status: approved
implements: PROP-0001
standards: [STD-0001]
depends_on: [SPEC-0002]
---
# SPEC-0001: Auth

## Requirements

### Requirement: Login
**ID:** REQ-001

The system SHALL log users in.

### Requirement: Logout

The system SHALL log users out.

## Spec Dependencies

- SPEC-0002: Sessions
`,
  'specs/SPEC-0002-sessions.md': `---
status: draft
---
# SPEC-0002: Sessions

## Requirements

### Requirement: Session store
**ID:** REQ-001

The system SHALL keep sessions.
`,
  'specs/SPEC-0001-EXT-0001-sso.md': `---
implements: PROP-0001
---
# SPEC-0001-EXT-0001: Single sign-on

## Added Requirements

### Requirement: SSO
**ID:** REQ-001

The system SHALL accept SSO.
`,
};

describe('buildGraph: documents', () => {
  const g = graphOf(files);

  it('makes one node per document and requirement, sorted by id', () => {
    expect(g.nodes.map((n) => `${n.kind} ${n.id}`)).toEqual([
      'proposal PROP-0001',
      'proposal PROP-0002',
      'spec SPEC-0001',
      'requirement SPEC-0001#Logout',
      'extension SPEC-0001-EXT-0001',
      'requirement SPEC-0001-EXT-0001/REQ-001',
      'requirement SPEC-0001/REQ-001',
      'spec SPEC-0002',
      'requirement SPEC-0002/REQ-001',
      'standard STD-0001',
    ]);
  });

  it('keeps title, status, position and parent on nodes', () => {
    const spec = g.nodes.find((n) => n.id === 'SPEC-0001');
    expect(spec).toEqual({
      id: 'SPEC-0001',
      kind: 'spec',
      label: 'Auth',
      file: 'specs/SPEC-0001-auth.md',
      line: 7,
      column: 3,
      status: 'approved',
    });
    const req = g.nodes.find((n) => n.id === 'SPEC-0001/REQ-001');
    expect(req).toMatchObject({
      label: 'Login',
      parent: 'SPEC-0001',
      localId: 'REQ-001',
      line: 11,
      column: 5,
    });
    expect(g.nodes.find((n) => n.id === 'SPEC-0001#Logout')).not.toHaveProperty('localId');
    expect(g.nodes.find((n) => n.id === 'PROP-0002')?.status).toBe('superseded');
  });

  it('links documents by frontmatter and the Spec Dependencies section', () => {
    expect(edgeList(g).filter((e) => !e.includes('has_requirement'))).toEqual([
      'PROP-0002 -superseded_by-> PROP-0001',
      'SPEC-0001 -implements-> PROP-0001',
      'SPEC-0001 -depends_on-> SPEC-0002',
      'SPEC-0001 -conforms_to-> STD-0001',
      'SPEC-0001-EXT-0001 -implements-> PROP-0001',
      'SPEC-0001-EXT-0001 -extends-> SPEC-0001',
    ]);
  });

  it('keeps the first position of a link written twice', () => {
    const dep = g.edges.find((e) => e.type === 'depends_on');
    expect(dep).toEqual({
      from: 'SPEC-0001',
      to: 'SPEC-0002',
      type: 'depends_on',
      file: 'specs/SPEC-0001-auth.md',
      line: 5,
      column: 14,
    });
  });

  it('links documents to their requirements', () => {
    expect(edgeList(g, 'has_requirement')).toEqual([
      'SPEC-0001 -has_requirement-> SPEC-0001#Logout',
      'SPEC-0001 -has_requirement-> SPEC-0001/REQ-001',
      'SPEC-0001-EXT-0001 -has_requirement-> SPEC-0001-EXT-0001/REQ-001',
      'SPEC-0002 -has_requirement-> SPEC-0002/REQ-001',
    ]);
  });

  it('reports nothing unresolved or duplicated in a clean workspace', () => {
    expect(g.unresolved).toEqual([]);
    expect(g.duplicates).toEqual([]);
  });

  it('does not depend on the order documents arrive in', () => {
    const reversed = graphOf(Object.fromEntries(Object.entries(files).reverse()));
    expect(reversed).toEqual(g);
  });

  it('uses an explicit extends over the file name and reports a missing base', () => {
    const h = graphOf({
      'specs/SPEC-0009-EXT-0001-x.md': '---\nextends: SPEC-0009\n---\n# SPEC-0009-EXT-0001: X\n',
    });
    expect(h.edges).toEqual([]);
    expect(h.unresolved).toEqual([
      {
        from: 'SPEC-0009-EXT-0001',
        ref: 'SPEC-0009',
        type: 'extends',
        file: 'specs/SPEC-0009-EXT-0001-x.md',
        line: 2,
        column: 1,
      },
    ]);
  });
});
