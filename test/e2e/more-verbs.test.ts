import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, ROOT, seedWorkspace, snapshot, tempDir } from '../helpers/cli.js';

const EX = join(ROOT, 'examples/seed-000');

describe('extend, standard, requirement add, renumber', () => {
  let dir: string;
  beforeEach(() => {
    dir = seedWorkspace();
  });

  it('extend adds and overrides requirements, numbered per base spec', () => {
    const r = cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'Audit Logging',
        '--requirement',
        'Audit Trail: The system SHALL record every runner lifecycle event.',
        '--scenario',
        'Event logged: GIVEN a runner is provisioned WHEN the event is processed THEN an immutable audit entry is written',
        '--override',
        'Audit Logging and Metrics: The system SHALL provide audit logging and metrics that meet SOC 2.',
        '--replaces',
        'Monitoring',
        '--reason',
        'SOC 2 needs immutable logs',
        '--scenario',
        'Operational metrics: GIVEN the system is running WHEN Prometheus scrapes /metrics THEN it returns runner_active and audit_events_total',
        '--depends-on',
        'Audit Trail',
      ],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(dir, 'docs/specs/SPEC-0001-EXT-0001-audit-logging.md');
    const ext = readFileSync(file, 'utf8');
    expect(ext).toContain('extends: SPEC-0001\nimplements: PROP-0001');
    expect(ext).toContain(
      '### Requirement: Audit Logging and Metrics\n\n**ID:** REQ-002\n\n**Replaces:** Monitoring (from SPEC-0001)',
    );
    expect(ext).toContain('**Depends on:** Audit Trail');
    const g = cli(['graph', '--format', 'json'], { cwd: dir });
    const edges = JSON.parse(g.stdout).edges as { from: string; to: string; type: string }[];
    expect(edges).toContainEqual(
      expect.objectContaining({
        from: 'SPEC-0001-EXT-0001/REQ-002',
        to: 'SPEC-0001/REQ-003',
        type: 'overrides',
      }),
    );
    expect(cli(['validate'], { cwd: dir }).code).toBe(0);
    const second = cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'Regions',
        '--requirement',
        'Regions: The system SHALL run pools in two regions.',
        '--scenario',
        'Failover: GIVEN two regions WHEN one fails THEN jobs run in the other',
      ],
      { cwd: dir },
    );
    expect(second.stdout).toContain('SPEC-0001-EXT-0002-regions.md');
  });

  it('extend refuses to override a requirement the base does not have', () => {
    const before = snapshot(dir);
    const r = cli(
      [
        'extend',
        'SPEC-0001',
        '--title',
        'X',
        '--override',
        'Y: It SHALL y.',
        '--replaces',
        'Telemetry',
        '--scenario',
        's: GIVEN a WHEN b THEN c',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('override/target-missing');
    expect(r.stderr).toContain('Auto-Scaling, Security Isolation, Monitoring');
    expect(snapshot(dir)).toEqual(before);
  });

  it('standard writes applies-to, rules and gitignore', () => {
    const r = cli(
      [
        'standard',
        '--title',
        'Go Services',
        '--applies-to',
        'services',
        '--overview',
        'How we build Go services.',
        '--category',
        'Testing',
        '--must',
        'Use table-driven tests',
        '--should',
        'Use testify',
        '--gitignore',
        'bin/',
        '--gitignore',
        '.env',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const std = readFileSync(join(dir, 'docs/standards/STD-0001-go-services.md'), 'utf8');
    expect(std).toContain('applies-to: services');
    expect(std).toContain('gitignore:\n  - bin/\n  - .env');
    expect(std).toContain(
      '### Testing\n\n#### MUST\n\n- Use table-driven tests\n\n#### SHOULD\n\n- Use testify',
    );
    expect(cli(['validate', '--strict'], { cwd: dir }).code).toBe(0);
  });

  it('requirement add appends with the next ID and keeps every other byte', () => {
    const path = join(dir, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    const before = readFileSync(path, 'utf8');
    const r = cli(
      [
        'requirement',
        'add',
        'SPEC-0001',
        '--name',
        'Cost Reporting',
        '--statement',
        'The system SHALL report runner cost per team.',
        '--scenario',
        'Monthly report: GIVEN a month of usage WHEN the month closes THEN each team receives its cost',
        '--depends-on',
        'Monitoring',
        '--json',
      ],
      { cwd: dir },
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, id: 'SPEC-0001/REQ-004' });
    const after = readFileSync(path, 'utf8');
    const added = after.indexOf('### Requirement: Cost Reporting');
    expect(added).toBeGreaterThan(after.indexOf('### Requirement: Monitoring'));
    expect(added).toBeLessThan(after.indexOf('## Spec Dependencies'));
    // Removing the inserted block gives back the original file exactly.
    const block = after.slice(after.lastIndexOf('\n\n', added), after.indexOf('\n\n## Spec Dependencies'));
    expect(after.replace(block, '')).toBe(before);
    expect(cli(['validate', '--strict'], { cwd: dir }).code).toBe(0);
  });

  it('renumber resolves duplicate numbers from parallel branches and writes missing IDs', () => {
    // A second branch also wrote a PROP-0001, without IDs in its spec.
    mkdirSync(join(dir, 'docs/proposals'), { recursive: true });
    writeFileSync(
      join(dir, 'docs/proposals/PROP-0001-other-idea.md'),
      '---\nstatus: draft\ndate: 2026-11-24\nauthors: []\nreviewers: []\n---\n\n# PROP-0001: Other Idea\n\n## Problem Statement\n\nP.\n\n## Goals\n\n- G\n\n## Non-Goals\n\n- N\n\n## Proposed Direction\n\n### Option 1: A\n\n**Pros:**\n\n- p\n\n**Cons:**\n\n- c\n\n## Recommendation\n\nA.\n',
    );
    const spec = join(dir, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('**ID:** REQ-002\n\n', ''));
    const v = cli(['validate'], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('error id/duplicate PROP-0001 is used by more than one document');
    expect(v.stdout).toContain(
      'warning requirement/missing-id Requirement "Security Isolation" has no stable ID',
    );
    const dry = cli(['renumber', '--dry-run'], { cwd: dir });
    expect(dry.stdout).toContain(
      'PROP-0001 → PROP-0002: would rename docs/proposals/PROP-0001-other-idea.md to docs/proposals/PROP-0002-other-idea.md',
    );
    expect(dry.stdout).toContain('SPEC-0001/REQ-004: would assign to "Security Isolation"');
    const r = cli(['renumber', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout).documents).toEqual([
      {
        from: 'PROP-0001',
        to: 'PROP-0002',
        file: 'docs/proposals/PROP-0001-other-idea.md',
        newFile: 'docs/proposals/PROP-0002-other-idea.md',
      },
    ]);
    expect(readFileSync(join(dir, 'docs/proposals/PROP-0002-other-idea.md'), 'utf8')).toContain(
      '# PROP-0002: Other Idea',
    );
    expect(readFileSync(spec, 'utf8')).toContain('### Requirement: Security Isolation\n\n**ID:** REQ-004\n');
    expect(cli(['validate'], { cwd: dir }).code).toBe(0);
    expect(cli(['renumber'], { cwd: dir }).stdout).toContain('Nothing to renumber');
  });

  it('validate --sarif and --json report the same findings; paths narrow the report', () => {
    const spec = join(dir, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('The system SHALL expose', 'The system exposes'));
    const json = JSON.parse(cli(['validate', '--json'], { cwd: dir }).stdout);
    expect(json.ok).toBe(false);
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        code: 'requirement/no-shall',
        file: 'docs/specs/SPEC-0001-runner-infrastructure.md',
        severity: 'error',
      }),
    );
    const sarif = JSON.parse(cli(['validate', '--sarif'], { cwd: dir }).stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results.map((x: { ruleId: string }) => x.ruleId)).toEqual(
      json.findings.map((f: { code: string }) => f.code),
    );
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'docs/specs/SPEC-0001-runner-infrastructure.md',
    );
    const narrowed = cli(['validate', 'docs/proposals', '--json'], { cwd: dir });
    expect(JSON.parse(narrowed.stdout).findings).toEqual([]);
    expect(narrowed.code).toBe(0);
    renameSync(spec, join(dir, 'docs/specs/spec-one.md'));
    expect(cli(['validate', '--json'], { cwd: dir }).stdout).toContain('naming/file-pattern');
  });
});

describe('status from a request file', () => {
  it('applies {id, status} and refuses unknown fields', () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    cli(['propose', '--from', join(EX, 'prop-0001.yaml')], { cwd: dir });
    writeFileSync(join(dir, 'move.yaml'), 'id: PROP-0001\nstatus: review\n');
    const r = cli(['status', '--from', 'move.yaml', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, id: 'PROP-0001', from: 'draft', to: 'review' });
    writeFileSync(join(dir, 'bad.yaml'), 'id: PROP-0001\nstatus: approved\nwhy: because\n');
    const bad = cli(['status', '--from', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:3:1: error input/unknown-field');
    const none = cli(['status'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage/missing-argument');
  });
});
