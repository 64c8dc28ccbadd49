import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

const REQUESTS = join(ROOT, 'examples/seed-000');
const PROP = 'docs/proposals/PROP-0001-runner-infrastructure.md';
const SPEC = 'docs/specs/SPEC-0001-runner-infrastructure.md';

function checkSeedSpec(dir: string): void {
  const spec = readFileSync(join(dir, SPEC), 'utf8');
  expect(spec).toMatch(
    /^---\nid: SPEC-0001\ntitle: Runner Infrastructure\nstatus: draft\ndate: 2026-11-23\nimplements: PROP-0001\nimplementations:\n {2}- repo: github\/runner-infra\n {4}status: planned\n/,
  );
  expect(spec).toContain('# SPEC-0001: Runner Infrastructure');
  expect(spec).toContain(
    '[PROP-0001: Runner Infrastructure](../proposals/PROP-0001-runner-infrastructure.md)',
  );
  for (const [i, name] of ['Auto-Scaling', 'Security Isolation', 'Monitoring'].entries()) {
    expect(spec).toContain(`### Requirement: ${name}\n\n**ID:** REQ-00${i + 1}\n`);
  }
  expect(spec).toContain('- **WHEN** Prometheus scrapes the /metrics endpoint');
  expect(spec).toContain('**Depends on:** Auto-Scaling, Security Isolation');
}

describe('seed 000 Parts 1 and 2 without a terminal', () => {
  it('works with flags', () => {
    const dir = tempDir();
    expect(cli(['init'], { cwd: dir }).code).toBe(0);
    const p = cli(
      [
        'propose',
        '--title',
        'Runner Infrastructure',
        '--problem',
        'Jenkins CI is a maintenance burden with slow feedback.',
        '--goal',
        'Self-hosted runners for all workflows',
        '--goal',
        'Auto-scaling to avoid queue times',
        '--non-goal',
        'Migrating Jenkins pipelines',
        '--option',
        'GARM',
        '--pro',
        'Purpose-built',
        '--con',
        'Another system to maintain',
        '--option',
        'Build our own',
        '--pro',
        'Full control',
        '--con',
        'Significant engineering investment',
        '--recommendation',
        'Use GARM (Option 1)',
        '--author',
        '@platform-team',
      ],
      { cwd: dir },
    );
    expect(p.stderr).toBe('');
    expect(p.stdout).toContain(`Created ${PROP} (PROP-0001)`);
    expect(p.code).toBe(0);
    const prop = readFileSync(join(dir, PROP), 'utf8');
    expect(prop).toContain(
      '### Option 2: Build our own\n\n**Pros:**\n\n- Full control\n\n**Cons:**\n\n- Significant engineering investment',
    );

    const specArgs = [
      'spec',
      'PROP-0001',
      '--implementation',
      'github/runner-infra',
      '--requirement',
      'Auto-Scaling: The system SHALL automatically scale runners based on workflow queue depth.',
      '--scenario',
      'Scale up on queue pressure: GIVEN a pool configured with min=2, max=20 runners WHEN more than 5 workflows are queued for over 30 seconds THEN the system provisions additional runners until queue depth < 5 or max reached',
      '--requirement',
      'Security Isolation: The system SHALL execute each workflow job in an isolated, ephemeral environment.',
      '--scenario',
      'Clean environment per job: GIVEN a workflow job is assigned to a runner WHEN the job completes (success or failure) THEN the runner VM is destroyed and a fresh one provisioned',
      '--requirement',
      'Monitoring: The system SHALL expose metrics for runner utilization and queue depth.',
      '--scenario',
      'Prometheus metrics: GIVEN the system is running WHEN Prometheus scrapes the /metrics endpoint THEN it returns runner_active, runner_idle, and queue_depth gauges',
      '--depends-on',
      'Auto-Scaling, Security Isolation',
    ];
    // The proposal is a draft: without a terminal the spec needs an explicit choice.
    const refused = cli(specArgs, { cwd: dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('error proposal/not-approved');
    expect(refused.stderr).toContain('--approve-proposal');
    const s = cli([...specArgs, '--approve-proposal'], { cwd: dir });
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    checkSeedSpec(dir);
    expect(readFileSync(join(dir, PROP), 'utf8')).toContain('status: approved');
    const v = cli(['validate', '--strict'], { cwd: dir });
    expect(v.stdout).toContain('2 documents checked: 0 errors, 0 warnings');
    expect(v.code).toBe(0);
  });

  it('works with --from files (YAML and JSON) and lists, shows, traces and graphs the result', () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    expect(cli(['propose', '--from', join(REQUESTS, 'prop-0001.yaml')], { cwd: dir }).code).toBe(0);
    expect(cli(['status', 'PROP-0001', 'review'], { cwd: dir }).code).toBe(0);
    expect(cli(['status', 'PROP-0001', 'approved'], { cwd: dir }).code).toBe(0);
    const s = cli(['spec', '--from', join(REQUESTS, 'spec-0001.json'), '--json'], { cwd: dir });
    expect(JSON.parse(s.stdout)).toEqual({ ok: true, id: 'SPEC-0001', file: SPEC, dryRun: false });
    checkSeedSpec(dir);
    const prop = readFileSync(join(dir, PROP), 'utf8');
    expect(prop).toContain('## Problem Statement\n\nJenkins CI is a maintenance burden with slow feedback.');
    expect(prop).toContain('- Providing GPU runners (future work)');

    const list = JSON.parse(cli(['list', '--json'], { cwd: dir }).stdout);
    expect(list.documents.map((d: { id: string; status: string }) => `${d.id}:${d.status}`)).toEqual([
      'PROP-0001:approved',
      'SPEC-0001:draft',
    ]);
    const show = JSON.parse(cli(['show', 'SPEC-0001/REQ-003', '--json'], { cwd: dir }).stdout);
    expect(show.document.requirementList[0]).toMatchObject({
      id: 'SPEC-0001/REQ-003',
      name: 'Monitoring',
      dependsOn: ['Auto-Scaling', 'Security Isolation'],
    });
    const trace = cli(['trace', 'SPEC-0001/REQ-001'], { cwd: dir });
    expect(trace.stdout).toContain('SPEC-0001/REQ-003: Monitoring');
    const graph = cli(['graph', '--format', 'mermaid'], { cwd: dir });
    expect(graph.stdout).toContain('graph TD');
    expect(graph.stdout).toMatch(/SPEC_0001_REQ_003 -->\|requires\| SPEC_0001_REQ_001/);
    expect(cli(['validate'], { cwd: dir }).code).toBe(0);
  });

  it('refuses illegal status moves and leaves the file alone', () => {
    const dir = tempDir();
    cli(['init'], { cwd: dir });
    cli(['propose', '--from', join(REQUESTS, 'prop-0001.yaml')], { cwd: dir });
    const before = readFileSync(join(dir, PROP), 'utf8');
    const r = cli(['status', 'PROP-0001', 'superseded'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('status/illegal-transition');
    expect(r.stderr).toContain('From draft a proposal can go to: review, approved, rejected');
    expect(readFileSync(join(dir, PROP), 'utf8')).toBe(before);
    const ok = cli(['status', 'PROP-0001', 'review'], { cwd: dir });
    expect(ok.code).toBe(0);
    const after = readFileSync(join(dir, PROP), 'utf8');
    // Only the status line changed: the edit splices, it does not re-render.
    expect(after.replace('status: review', 'status: draft')).toBe(before);
  });
});
