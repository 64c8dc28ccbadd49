import { describe, expect, it } from 'vitest';
import { edgeList, graphOf } from './helpers.js';

const auth = `---
status: approved
---
# SPEC-0001: Auth

## Requirements

### Requirement: Login
**ID:** REQ-001

The system SHALL log users in.

### Requirement: Logout
**ID:** REQ-002
**Depends on:** REQ-001

The system SHALL log users out.

### Requirement: Session Timeout
**ID:** REQ-003
**Depends on:** login, SPEC-0002/REQ-001, Token Rotation (from SPEC-0002), password   RESET

Sessions SHALL expire.

### Requirement: Password Reset

Users SHALL be able to reset passwords.
`;

const tokens = `# SPEC-0002: Tokens

## Requirements

### Requirement: Token Store
**ID:** REQ-001

Tokens SHALL be stored.

### Requirement: Token Rotation
**ID:** REQ-002
**Depends on:** SPEC-0001#Login, \`Token Store\`

Tokens SHALL rotate.
`;

const sso = `---
extends: SPEC-0001
---
# SPEC-0001-EXT-0001: SSO

## Added Requirements

### Requirement: SSO Login
**ID:** REQ-001
**Depends on:** REQ-003, Logout, Audit Trail

SSO SHALL work.

### Requirement: SSO Logout
**ID:** REQ-002
**Depends on:** REQ-001, SSO login

SSO logout SHALL work.

## Overridden Requirements

### Overrides: Login
**ID:** REQ-010

Login SHALL offer SSO.
`;

const audit = `# SPEC-0001-EXT-0002: Audit

## Added Requirements

### Requirement: Audit Trail
**ID:** REQ-001
**Replaces:** Session Timeout (from SPEC-0001)

Everything SHALL be audited.

## Overridden Requirements

### Requirement: Logout
**ID:** REQ-002

Logout SHALL be audited.
`;

describe('resolving requirement dependencies', () => {
  const g = graphOf({
    'specs/SPEC-0001-auth.md': auth,
    'specs/SPEC-0002-tokens.md': tokens,
    'specs/SPEC-0001-EXT-0001-sso.md': sso,
    'specs/SPEC-0001-EXT-0002-audit.md': audit,
  });
  const requires = edgeList(g, 'requires');

  it('resolves a local ID in the same document', () => {
    expect(requires).toContain('SPEC-0001/REQ-002 -requires-> SPEC-0001/REQ-001');
  });

  it('resolves names case- and whitespace-insensitively, IDs across documents and the (from …) form', () => {
    expect(requires.filter((e) => e.startsWith('SPEC-0001/REQ-003 '))).toEqual([
      'SPEC-0001/REQ-003 -requires-> SPEC-0001#Password Reset',
      'SPEC-0001/REQ-003 -requires-> SPEC-0001/REQ-001',
      'SPEC-0001/REQ-003 -requires-> SPEC-0002/REQ-001',
      'SPEC-0001/REQ-003 -requires-> SPEC-0002/REQ-002',
    ]);
  });

  it('resolves DOC#Name and names written as inline code', () => {
    expect(requires.filter((e) => e.startsWith('SPEC-0002/REQ-002 '))).toEqual([
      'SPEC-0002/REQ-002 -requires-> SPEC-0001/REQ-001',
      'SPEC-0002/REQ-002 -requires-> SPEC-0002/REQ-001',
    ]);
  });

  it('looks in the extension first, then the base spec, then sibling extensions', () => {
    expect(requires.filter((e) => e.startsWith('SPEC-0001-EXT-0001/'))).toEqual([
      // REQ-003 is only in the base; Logout is in the base (and overridden in a sibling, which loses).
      'SPEC-0001-EXT-0001/REQ-001 -requires-> SPEC-0001-EXT-0002/REQ-001',
      'SPEC-0001-EXT-0001/REQ-001 -requires-> SPEC-0001/REQ-002',
      'SPEC-0001-EXT-0001/REQ-001 -requires-> SPEC-0001/REQ-003',
      // REQ-001 and "SSO login" exist in the extension itself.
      'SPEC-0001-EXT-0001/REQ-002 -requires-> SPEC-0001-EXT-0001/REQ-001',
    ]);
  });

  it('links overrides to the base requirement: heading, Replaces line, or override section', () => {
    expect(edgeList(g, 'overrides')).toEqual([
      'SPEC-0001-EXT-0001/REQ-010 -overrides-> SPEC-0001/REQ-001',
      'SPEC-0001-EXT-0002/REQ-001 -overrides-> SPEC-0001/REQ-003',
      'SPEC-0001-EXT-0002/REQ-002 -overrides-> SPEC-0001/REQ-002',
    ]);
  });

  it('records where each dependency is written', () => {
    const e = g.edges.find((x) => x.from === 'SPEC-0001/REQ-002' && x.type === 'requires');
    expect(e).toMatchObject({ file: 'specs/SPEC-0001-auth.md', line: 15, column: 17 });
  });

  it('infers extends from the file name when frontmatter does not say', () => {
    expect(edgeList(g, 'extends')).toEqual([
      'SPEC-0001-EXT-0001 -extends-> SPEC-0001',
      'SPEC-0001-EXT-0002 -extends-> SPEC-0001',
    ]);
    expect(g.unresolved).toEqual([]);
  });
});

describe('unresolved references', () => {
  const g = graphOf({
    'proposals/PROP-0001-x.md': '# PROP-0001: X\n',
    'specs/SPEC-0003-alpha.md': `---
implements: PROP-0010
---
# SPEC-0003: Alpha

## Requirements

### Requirement: Alpha
**ID:** REQ-001
**Depends on:** Alpah, REQ-0002, SPEC-0099/REQ-001, SPEC-0004/REQ-009, Gamma (from SPEC-0004)

Alpha.

### Requirement: Beta
**ID:** REQ-002

Beta.
`,
    'specs/SPEC-0004-gamma.md': `# SPEC-0004: Gamma

## Requirements

### Requirement: Gamma Ray
**ID:** REQ-001

Gamma.
`,
    'specs/SPEC-0003-EXT-0001-x.md': `# SPEC-0003-EXT-0001: X

## Overridden Requirements

### Overrides: Betta

Beta, better.
`,
    'specs/SPEC-0077-EXT-0001-orphan.md': `# SPEC-0077-EXT-0001: Orphan

## Overridden Requirements

### Overrides: Anything

Nothing to override.
`,
  });
  const byRef = new Map(g.unresolved.map((u) => [u.ref, u]));

  it('lists every reference that leads nowhere, sorted by position', () => {
    expect(g.unresolved.map((u) => `${u.file}:${u.line}:${u.column} ${u.type} ${u.ref}`)).toEqual([
      'specs/SPEC-0003-EXT-0001-x.md:5:5 overrides Betta',
      'specs/SPEC-0003-alpha.md:2:1 implements PROP-0010',
      'specs/SPEC-0003-alpha.md:10:17 requires Alpah',
      'specs/SPEC-0003-alpha.md:10:24 requires REQ-0002',
      'specs/SPEC-0003-alpha.md:10:34 requires SPEC-0099/REQ-001',
      'specs/SPEC-0003-alpha.md:10:53 requires SPEC-0004/REQ-009',
      'specs/SPEC-0003-alpha.md:10:72 requires Gamma (from SPEC-0004)',
      'specs/SPEC-0077-EXT-0001-orphan.md:1:3 extends SPEC-0077',
      'specs/SPEC-0077-EXT-0001-orphan.md:5:5 overrides Anything',
    ]);
  });

  it('suggests near names and IDs in scope, spelled so they would resolve', () => {
    expect(byRef.get('Alpah')).toMatchObject({ from: 'SPEC-0003/REQ-001', candidates: ['Alpha'] });
    expect(byRef.get('REQ-0002')?.candidates?.[0]).toBe('REQ-002');
    expect(byRef.get('SPEC-0099/REQ-001')?.candidates).toEqual(['SPEC-0003/REQ-001', 'SPEC-0004/REQ-001']);
    expect(byRef.get('SPEC-0004/REQ-009')?.candidates).toEqual(['SPEC-0004/REQ-001']);
    expect(byRef.get('Gamma (from SPEC-0004)')?.candidates).toEqual(['Gamma Ray (from SPEC-0004)']);
    expect(byRef.get('Betta')?.candidates).toEqual(['Beta']);
    expect(byRef.get('PROP-0010')?.candidates).toEqual(['PROP-0001']);
  });

  it('leaves candidates out when nothing is close', () => {
    expect(byRef.get('Anything')).not.toHaveProperty('candidates');
  });

  it('never suggests a document as its own target', () => {
    expect(byRef.get('SPEC-0077')?.candidates).toEqual(['SPEC-0003', 'SPEC-0004']);
  });
});
