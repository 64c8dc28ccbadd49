import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

// A spec written the way upstream papertrail writes them: the ID only in the file name and the
// `# SPEC-0001: Title` heading, requirements without IDs (one with a space in its name), and an
// extension that replaces a requirement "(from SPEC-0001)". Once bootstrap copies it to
// .github/spec/spec.md, the file name no longer says which spec it is.
const SPEC = `---
status: approved
date: 2026-11-23
implements: PROP-0001
authors: []
reviewers: []
---

# SPEC-0001: Runner Infrastructure

## Overview

Runners.

## Requirements

### Requirement: Auto-Scaling

The system SHALL scale runners on queue depth.

#### Scenario: Scale up

- **GIVEN** a queue of 10 jobs
- **WHEN** the controller reconciles
- **THEN** it starts runners

### Requirement: Security Isolation

The system SHALL run each job in a fresh VM.

#### Scenario: Fresh VM

- **GIVEN** a finished job
- **WHEN** the next job starts
- **THEN** it gets a new VM

### Requirement: Monitoring

**Depends on:** Auto-Scaling, Security Isolation

The system SHALL expose queue depth as a metric.

#### Scenario: Metrics

- **GIVEN** the system is running
- **WHEN** Prometheus scrapes /metrics
- **THEN** it returns queue_depth
`;

const EXT = `---
status: approved
date: 2026-11-23
extends: SPEC-0001
implements: PROP-0001
authors: []
reviewers: []
---

# SPEC-0001-EXT-0001: Audit Logging

## Overview

Audits.

## Overridden Requirements

### Requirement: Audit Logging and Metrics

**Replaces:** Monitoring (from SPEC-0001)

The system SHALL log every runner event and expose metrics.

#### Scenario: Audit entry

- **GIVEN** a runner event
- **WHEN** it is processed
- **THEN** an immutable entry is written
`;

interface Row {
  number: number | null;
  key: string;
  title: string;
  action: string;
}

const plan = (repo: string) => {
  const r = cli(['plan', '--json'], { cwd: repo });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { specId: string; rows: Row[]; writes: number; duplicates: number[] };
};
const created = (p: { rows: Row[] }) => p.rows.filter((r) => r.action === 'create').length;

/** A decisions workspace holding the upstream-style documents, bootstrapped into a local repository. */
function bootstrapped(): string {
  const ws = tempDir();
  expect(cli(['init'], { cwd: ws }).code).toBe(0);
  copyFileSync(
    join(ROOT, 'test/fixtures/papertrail/docs/proposals/PROP-0001-runner-infrastructure.md'),
    join(ws, 'docs/proposals/PROP-0001-runner-infrastructure.md'),
  );
  writeFileSync(join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md'), SPEC);
  writeFileSync(join(ws, 'docs/specs/SPEC-0001-EXT-0001-audit-logging.md'), EXT);
  const repo = join(tempDir(), 'runner-infra');
  const b = cli(['bootstrap', 'SPEC-0001', '--dir', repo, '--repo', 'github/runner-infra'], { cwd: ws });
  expect(b.stderr).toBe('');
  expect(b.code).toBe(0);
  return repo;
}

/** Every issue of the local forge with its labels, read from the store after the CLI let go of it. */
async function issues(
  repo: string,
): Promise<{ number: number; title: string; state: string; labels: string[] }[]> {
  const db = await PGlite.create({ dataDir: join(repo, '.papertrail', 'store') });
  try {
    const r = await db.query<{ number: number; title: string; state: string; labels: string[] }>(
      `select i.number, i.title, i.state,
         array(select l.name from forge_issue_labels il join forge_labels l on l.id = il.label_id
               where il.repo_id = i.repo_id and il.issue_number = i.number order by l.name) as labels
       from forge_issues i order by i.number`,
    );
    return r.rows;
  } finally {
    await db.close();
  }
}

const edit = (file: string, f: (s: string) => string) => writeFileSync(file, f(readFileSync(file, 'utf8')));

describe('upstream specs (ID in the heading only) in an implementing repository', () => {
  it('plans under the heading’s ID, and a requirement named with a space gets one issue however often it is planned', async () => {
    const repo = bootstrapped();
    const first = plan(repo);
    expect(first.specId).toBe('SPEC-0001');
    expect(first.rows.map((r) => [r.number, r.key, r.title])).toEqual([
      [1, 'SPEC-0001/tracking', '[SPEC-0001] Runner Infrastructure'],
      [2, 'SPEC-0001#Auto-Scaling', '[REQ] Auto-Scaling'],
      [3, 'SPEC-0001#Security Isolation', '[REQ] Security Isolation'],
      // Replaced by the extension before it was ever planned: no issue.
      [null, 'SPEC-0001#Monitoring', '[REQ] Monitoring'],
      [
        4,
        'SPEC-0001-EXT-0001#Audit Logging and Metrics',
        '[REQ] Audit Logging and Metrics (overrides Monitoring)',
      ],
    ]);
    expect((await issues(repo)).map((i) => [i.number, i.labels])).toEqual([
      [1, ['spec:SPEC-0001', 'tracking']],
      [2, ['requirement', 'spec:SPEC-0001']],
      [3, ['requirement', 'spec:SPEC-0001']],
      [4, ['extension:SPEC-0001-EXT-0001', 'override', 'requirement', 'spec:SPEC-0001']],
    ]);

    const again = plan(repo);
    expect(created(again)).toBe(0);
    expect(again.writes).toBe(0);
    expect(again.rows.find((r) => r.key === 'SPEC-0001#Security Isolation')!.number).toBe(3);
    expect(plan(repo).writes).toBe(0);
    expect(await issues(repo)).toHaveLength(4);
  }, 120_000);

  it('keeps the issues of a plan made before the spec had its ID, when the ID and requirement IDs appear', async () => {
    const repo = bootstrapped();
    const spec = join(repo, '.github/spec/spec.md');
    // The copy as Papertrail read it before: nothing names its ID, so it was "spec".
    edit(spec, (s) => s.replace('# SPEC-0001: Runner Infrastructure', '# Runner Infrastructure'));
    edit(join(repo, 'papertrail.yaml'), (s) => s.replace('spec: SPEC-0001\n', ''));
    rmExtensions(repo);
    const before = plan(repo);
    expect(before.rows.map((r) => [r.number, r.key])).toEqual([
      [1, 'spec/tracking'],
      [2, 'spec#Auto-Scaling'],
      [3, 'spec#Security Isolation'],
      [4, 'spec#Monitoring'],
    ]);
    expect(cli(['issue', 'close', '2'], { cwd: repo }).code).toBe(0);

    // Then the spec gains `id:` and its requirements their IDs.
    edit(spec, (s) =>
      s
        .replace('---\nstatus:', '---\nid: SPEC-0001\nstatus:')
        .replace('### Requirement: Auto-Scaling\n', '### Requirement: Auto-Scaling\n\n**ID:** REQ-001\n')
        .replace(
          '### Requirement: Security Isolation\n',
          '### Requirement: Security Isolation\n\n**ID:** REQ-002\n',
        )
        .replace('### Requirement: Monitoring\n', '### Requirement: Monitoring\n\n**ID:** REQ-003\n'),
    );
    const after = plan(repo);
    expect(created(after)).toBe(0);
    expect(after.duplicates).toEqual([]);
    expect(after.rows.map((r) => [r.number, r.key, r.title])).toEqual([
      [1, 'SPEC-0001/tracking', '[SPEC-0001] Runner Infrastructure'],
      [2, 'SPEC-0001/REQ-001', '[REQ] Auto-Scaling'],
      [3, 'SPEC-0001/REQ-002', '[REQ] Security Isolation'],
      [4, 'SPEC-0001/REQ-003', '[REQ] Monitoring'],
    ]);
    // The done issue stays done and every issue moves to the spec's label; next names the next one.
    expect((await issues(repo)).map((i) => [i.number, i.state, i.labels])).toEqual([
      [1, 'open', ['spec:SPEC-0001', 'tracking']],
      [2, 'closed', ['requirement', 'spec:SPEC-0001']],
      [3, 'open', ['requirement', 'spec:SPEC-0001']],
      [4, 'open', ['requirement', 'spec:SPEC-0001']],
    ]);
    const next = JSON.parse(cli(['next', '--json'], { cwd: repo }).stdout);
    expect(next.next).toMatchObject({ number: 3, key: 'SPEC-0001/REQ-002' });
    expect(plan(repo).writes).toBe(0);
  }, 120_000);

  it('takes the ID bootstrap recorded when neither the frontmatter nor the heading names it', () => {
    const repo = bootstrapped();
    edit(join(repo, '.github/spec/spec.md'), (s) =>
      s.replace('# SPEC-0001: Runner Infrastructure', '# Runner Infrastructure'),
    );
    expect(readFileSync(join(repo, 'papertrail.yaml'), 'utf8')).toContain('spec: SPEC-0001\n');
    const p = plan(repo);
    expect(p.specId).toBe('SPEC-0001');
    expect(p.rows[0]!.title).toBe('[SPEC-0001] Runner Infrastructure');
  }, 120_000);
});

function rmExtensions(repo: string): void {
  // An extension "(from SPEC-0001)" could not be planned while the spec was "spec": the plan that
  // stands for one made back then goes without it.
  rmSync(join(repo, '.github/spec/extensions'), { recursive: true });
}
