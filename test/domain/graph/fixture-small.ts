import { graphOf } from './helpers.js';

/** A proposal, a spec with two requirements, an extension overriding one, a retired standard. */
export const small = () =>
  graphOf({
    'proposals/PROP-0001-auth.md': `---
status: approved
---
# PROP-0001: Auth "v2" <draft>
`,
    'standards/STD-0001-old.md': `---
status: deprecated
---
# STD-0001: Old & busted
`,
    'specs/SPEC-0001-auth.md': `---
implements: PROP-0001
standards: [STD-0001]
---
# SPEC-0001: Auth

## Requirements

### Requirement: Login
**ID:** REQ-001

Users SHALL log in.

### Requirement: Logout #2
**ID:** REQ-002
**Depends on:** REQ-001

Users SHALL log out.
`,
    'specs/SPEC-0001-EXT-0001-sso.md': `# SPEC-0001-EXT-0001: SSO

## Overridden Requirements

### Overrides: Login

Login SHALL offer SSO.

**Depends on:** Logout #2
`,
    'specs/SPEC-0002-lonely.md': `# SPEC-0002: Lonely
`,
  });
