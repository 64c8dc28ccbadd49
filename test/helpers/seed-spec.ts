import { parseDoc } from '../../src/domain/docs/index.js';

// Seed 000's spec as an implementing repository holds it (three requirements, Monitoring blocked by the
// other two) and an extension that overrides Monitoring. Shared by the plan tests and every forge adapter's.
export const SPEC = `---
id: SPEC-0001
title: Runner Infrastructure
status: approved
date: 2026-11-23
implements: PROP-0001
implementations:
  - repo: github/runner-infra
    status: planned
authors: []
reviewers: []
---

# SPEC-0001: Runner Infrastructure

## Overview

Runners.

## Requirements

### Requirement: Auto-Scaling

**ID:** REQ-001

The system SHALL scale runners on queue depth.

#### Scenario: Scale up

- **GIVEN** a pool with min=2, max=20
- **WHEN** 5 jobs wait 30 s
- **THEN** runners are added

### Requirement: Security Isolation

**ID:** REQ-002

The system SHALL run each job in a fresh VM.

#### Scenario: Clean environment

- **GIVEN** a job on a runner
- **WHEN** the job completes
- **THEN** the VM is destroyed

### Requirement: Monitoring

**ID:** REQ-003

**Depends on:** Auto-Scaling, Security Isolation

The system SHALL expose queue metrics.

#### Scenario: Prometheus metrics

- **GIVEN** the system is running
- **WHEN** Prometheus scrapes /metrics
- **THEN** it returns queue_depth
`;

export const EXT = `---
id: SPEC-0001-EXT-0001
title: Audit Logging
status: approved
date: 2026-11-23
extends: SPEC-0001
implements: PROP-0001
authors: []
reviewers: []
---

# SPEC-0001-EXT-0001: Audit Logging

## Overview

SOC 2.

## Overridden Requirements

### Requirement: Audit Logging and Metrics

**ID:** REQ-001

**Replaces:** Monitoring (from SPEC-0001)

The system SHALL log every runner event and expose metrics.

#### Scenario: Audit entry

- **GIVEN** a runner event
- **WHEN** it is processed
- **THEN** an immutable entry is written
`;

export const spec = (src = SPEC) =>
  parseDoc({ source: src, path: '/r/.github/spec/spec.md', file: '.github/spec/spec.md', kind: 'spec' });
export const ext = () =>
  parseDoc({
    source: EXT,
    path: '/r/.github/spec/extensions/SPEC-0001-EXT-0001-audit-logging.md',
    file: '.github/spec/extensions/SPEC-0001-EXT-0001-audit-logging.md',
  });
