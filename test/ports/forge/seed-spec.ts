import { parseDoc } from '../../../src/domain/docs/index.js';

// Seed 000's spec as an implementing repository holds it: three requirements, Monitoring blocked by
// the other two. Shared by every forge adapter's tests.
export const SEED_SPEC = `---
id: SPEC-0001
title: Runner Infrastructure
status: approved
date: 2026-11-23
implements: PROP-0001
implementations: []
authors: []
reviewers: []
---

# SPEC-0001: Runner Infrastructure

## Overview

Runners.

## Requirements

### Requirement: Auto-Scaling

**ID:** REQ-001

The system SHALL scale.

#### Scenario: Up

- **GIVEN** a pool
- **WHEN** jobs wait
- **THEN** runners are added

### Requirement: Security Isolation

**ID:** REQ-002

The system SHALL isolate jobs.

#### Scenario: Clean

- **GIVEN** a job
- **WHEN** it ends
- **THEN** the VM is destroyed

### Requirement: Monitoring

**ID:** REQ-003

**Depends on:** Auto-Scaling, Security Isolation

The system SHALL expose metrics.

#### Scenario: Scrape

- **GIVEN** it runs
- **WHEN** Prometheus scrapes
- **THEN** gauges are returned
`;
export const seedSpec = parseDoc({
  source: SEED_SPEC,
  path: '/r/.github/spec/spec.md',
  file: '.github/spec/spec.md',
  kind: 'spec',
});
