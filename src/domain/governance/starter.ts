// What `governance init` writes: a constitution whose every article is checked by a rule, and those
// rules. They are a starting point the team edits; each one is something a reviewer asks of a
// change (a verification plan, a rollback for infrastructure, health and metrics for a service, no
// secrets), so a fresh workspace's `check` passes and a change that misses one is caught.
import { CONSTITUTION_PATHS } from './constitution.js';

export interface StarterFile {
  path: string;
  content: string;
}

const rule = (front: string, title: string, prose: string) =>
  `---\n${front.trim()}\n---\n# ${title}\n\n${prose.trim()}\n`;

export function starterGovernance(today: string): StarterFile[] {
  return [
    {
      path: CONSTITUTION_PATHS[0]!,
      content: `# Constitution

**Version**: 1.0.0 | **Ratified**: ${today} | **Last Amended**: ${today}

The principles every spec, plan, runbook and story here is held to. \`papertrail check\` prints the gate
table: an article passes when the rules named in its **Enforced by** line (in \`.agent/rules/\`) pass on
every document they apply to. An article without such a line (or a \`\`\`papertrail block) is shown as
NOT CHECKED. Amend it like code: edit it, raise the version, have it reviewed.

## Article I: Verified Changes

A change is accepted only with a plan for verifying it: every runbook has a Verification Plan.

**Enforced by:** GOV-001

## Article II: Reversible Infrastructure

A change to infrastructure says how to roll it back before it is made.

**Enforced by:** GOV-002

## Article III: Observable Services

A change to a service keeps it observable: it plans its health check and its metrics.

**Enforced by:** GOV-003

## Article IV: No Secrets in Documents

No spec, plan, runbook or story holds a credential; they live in the secret store.

**Enforced by:** GOV-004
`,
    },
    {
      path: '.agent/rules/GOV-001-verification-plan.md',
      content: rule(
        `
id: GOV-001
role: QA
severity: blocking
applies-to: [runbook]
require:
  - section: Verification Plan
    message: the runbook has no Verification Plan (or only a placeholder)`,
        'GOV-001: Every runbook plans its verification',
        'Say how each change is checked: the tests to run, the commands, what to look at afterwards.',
      ),
    },
    {
      path: '.agent/rules/GOV-002-infra-rollback.md',
      content: rule(
        `
id: GOV-002
role: Architect
severity: blocking
applies-to: [runbook]
when:
  paths: ["infra/**", "terraform/**", "deploy/**"]
require:
  - step: /roll ?back/i
    message: a change under infra/, terraform/ or deploy/ has no rollback step`,
        'GOV-002: An infrastructure change plans a rollback step',
        'List the step that undoes the change (a revert, a previous image, a terraform plan of the old state).',
      ),
    },
    {
      path: '.agent/rules/GOV-003-service-observability.md',
      content: rule(
        `
id: GOV-003
role: Observability
severity: blocking
applies-to: [runbook]
when:
  paths: ["services/**", "cmd/**"]
require:
  - pattern: /\\/healthz/
    message: a service change does not plan its /healthz endpoint
  - pattern: /\\/metrics/
    message: a service change does not plan its /metrics endpoint`,
        'GOV-003: A service change plans /healthz and /metrics',
        'Name the health check and the metrics the change adds or keeps working.',
      ),
    },
    {
      path: '.agent/rules/GOV-004-no-secrets.md',
      content: rule(
        `
id: GOV-004
role: Security
severity: blocking
applies-to: [runbook, story, spec, plan]
require:
  - no-secrets: true`,
        'GOV-004: No secret in any document',
        'Refer to secrets by their name in the secret store, never by value.',
      ),
    },
  ];
}
