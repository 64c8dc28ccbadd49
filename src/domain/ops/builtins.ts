import type { CallableVerbs, LoadedTemplate } from './model.js';
import { parseTemplateYaml } from './template-yaml.js';

// The templates every workspace has. They are YAML like a workspace's own, read by the same parser,
// so `ops templates --json` shows them as text a team can copy into .papertrail/runs/ and change.
// Each runs on its inputs alone, without a language model.

const SPEC = `slug: spec
title: Spec bundle
description: Drafts a spec bundle (constitution, PRD, plan, tasks) for a topic and opens a pull request with it.
kind: spec
keywords: [spec, prd, generate, requirements, design]
risk:
  level: low
  codes: [DOCS_ONLY]
inputs:
  - name: topic
    type: string
    required: true
    description: what the spec is about
checks: [Tests, Lint]
phases:
  - name: Validate
    steps:
      - id: validate
        title: Validate the workspace's documents
        verb: validate
  - name: Draft
    steps:
      - id: open-pr
        title: Open a pull request with the spec bundle
        pr:
          title: "docs: spec bundle for \${{ inputs.topic }}"
          body: "A first draft of the spec bundle for \${{ inputs.topic }}, opened by run \${{ run.short }}."
          branch: "ops/spec-\${{ inputs.topic | slug }}-\${{ run.short }}"
          files:
            - path: "spec/\${{ inputs.topic | slug }}/constitution.md"
              content: |
                # Constitution: \${{ inputs.topic }}

                ## Principles
                - Every change to \${{ inputs.topic }} is reviewed in a pull request.
                - Behaviour is specified before it is built, and tested as specified.
            - path: "spec/\${{ inputs.topic | slug }}/prd.md"
              content: |
                # PRD: \${{ inputs.topic }}

                ## Problem
                Describe who needs \${{ inputs.topic }} and why.

                ## Acceptance criteria
                - [ ] The main flow of \${{ inputs.topic }} works end to end.
                - [ ] Failures are reported with a reason a person can act on.
            - path: "spec/\${{ inputs.topic | slug }}/plan.md"
              content: |
                # Plan: \${{ inputs.topic }}

                ## Phase 1: design
                ## Phase 2: build behind a flag
                ## Phase 3: roll out
            - path: "spec/\${{ inputs.topic | slug }}/tasks.md"
              content: |
                # Tasks: \${{ inputs.topic }}

                - [ ] Write the acceptance tests
                - [ ] Build the main flow
                - [ ] Document the behaviour
`;

const INCIDENT = `slug: incident
title: Incident triage
description: Gathers what changed recently and opens a pull request with an incident report to fix from.
kind: incident
keywords: [fix, error, errors, incident, outage, bug, broken, failing]
risk:
  level: high
  codes: [PROD_CHANGE, CODE_CHANGE]
inputs:
  - name: summary
    type: string
    required: true
    description: what is wrong, in a sentence
  - name: service
    type: string
    default: app
checks: [Tests, Security Scan]
phases:
  - name: Gather
    steps:
      - id: recent-changes
        title: Recent changes
        run: git log --oneline -n 20 || true
        timeout: 60
  - name: Report
    steps:
      - id: open-pr
        title: Open a pull request with the incident report
        pr:
          title: "fix(\${{ inputs.service }}): \${{ inputs.summary }}"
          body: "Incident report for \${{ inputs.summary }} (\${{ env }}), opened by run \${{ run.short }}."
          branch: "ops/incident-\${{ run.short }}"
          files:
            - path: "docs/incidents/\${{ date }}-\${{ inputs.summary | slug }}.md"
              content: |
                # Incident: \${{ inputs.summary }}

                - Service: \${{ inputs.service }}
                - Environment: \${{ env }}
                - Run: \${{ run.id }}

                ## Timeline
                ## Root cause
                ## Fix
`;

const HEALTHCHECK = `slug: healthcheck
title: Health check
description: Validates the workspace and reports the repository's state; changes nothing.
kind: healthcheck
keywords: [check, status, health, healthcheck, verify]
risk:
  level: low
  codes: [READ_ONLY, IDEMPOTENT]
phases:
  - name: Check
    steps:
      - id: validate
        title: Validate the workspace's documents
        verb: validate
      - id: git-state
        title: Repository state
        run: git status --short --branch || true
        timeout: 60
`;

const SECURITY_PATCH = `slug: security-patch
title: Security patch
description: Splits npm audit findings; safe dependency fixes become a pull request, the rest a Security Review gate.
kind: security-patch
keywords: [security, vulnerability, vulnerabilities, cve, audit, patch, dependabot]
risk:
  level: medium
  codes: [DEPENDENCY_UPDATE]
inputs:
  - name: audit
    type: string
    default: audit.json
    description: the output of npm audit --json, a file in the workspace
checks: [Security Scan, Tests]
phases:
  - name: Triage
    steps:
      - id: triage
        title: Split the audit into fixes and reviews
        security:
          audit: "\${{ inputs.audit }}"
`;

const DEPLOY = `slug: deploy
title: Deploy
description: Deploys a ref to an environment of papertrail.yaml, one deploy at a time per environment, with preflight, health checks, and a retry or rollback when it fails.
kind: deploy
keywords: [deploy, release, ship, rollout]
risk:
  level: high
  codes: [PROD_CHANGE]
inputs:
  - name: environment
    type: string
    required: true
    description: an environment under environments in papertrail.yaml
  - name: ref
    type: string
    default: main
    description: the git ref to deploy
phases:
  - name: Deploy
    steps:
      - id: deploy
        title: Deploy, check, retry or roll back
        deploy:
          environment: "\${{ inputs.environment }}"
          ref: "\${{ inputs.ref }}"
`;

let cache: LoadedTemplate[] | undefined;

const ALL = [SPEC, INCIDENT, HEALTHCHECK, SECURITY_PATCH, DEPLOY];

function parsed(verbs?: CallableVerbs): LoadedTemplate[] {
  return ALL.map((yaml) => {
    const template = parseTemplateYaml(yaml, `built-in ${/^slug: (\S+)/.exec(yaml)![1]}`, { verbs });
    return { template, source: 'built-in', yaml };
  });
}

/**
 * The built-in templates, parsed once; given the verbs a run can call, checked against them (a face
 * that wires fewer refuses a built-in calling one it lacks, as it would a workspace's template).
 */
export function builtinTemplates(verbs?: CallableVerbs): LoadedTemplate[] {
  if (verbs) return parsed(verbs);
  cache ??= parsed();
  return cache;
}
