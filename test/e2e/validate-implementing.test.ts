import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, seedWorkspace, tempDir } from '../helpers/cli.js';

// In a repository made by bootstrap, `validate` checks the copied spec and its extensions with the
// rules `plan` applies, so CI fails on what plan would refuse; the proposal and other specs live in
// the decisions repository and a reference to them is not an error here.
describe('validate in an implementing repository', () => {
  const bootstrapped = () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    return repo;
  };

  it('checks the spec plan reads, clean and broken, with the finding plan refuses on', () => {
    const repo = bootstrapped();
    const clean = cli(['validate'], { cwd: repo });
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('1 document checked: 0 errors');
    // By path too: the proposal the spec implements is in the decisions repository.
    const byPath = cli(['validate', '.github/spec/spec.md', '--json'], { cwd: repo });
    expect(byPath.code).toBe(0);
    expect(JSON.parse(byPath.stdout)).toMatchObject({ ok: true, summary: { documents: 1, errors: 0 } });

    const spec = join(repo, '.github/spec/spec.md');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '**Depends on:** Auto-Scaling, Security Isolation',
        '**Depends on:** Monitoring',
      ),
    );
    const plan = cli(['plan', '--json'], { cwd: repo });
    expect(plan.code).toBe(1);
    const refusal = JSON.parse(plan.stdout).error;
    expect(refusal.code).toBe('plan/invalid-spec');

    const r = cli(['validate', '--json'], { cwd: repo });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.documents).toBe(1);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(
      refusal.details.map((f: { code: string }) => f.code),
    );
    expect(report.findings[0]).toMatchObject({ code: 'graph/cycle', file: '.github/spec/spec.md' });
    expect(cli(['validate', '.github/spec/spec.md'], { cwd: repo }).code).toBe(1);
  }, 60_000);

  it('reports what the planner refuses beyond the document rules', () => {
    const repo = bootstrapped();
    const spec = join(repo, '.github/spec/spec.md');
    // A requirement of another spec cannot block an issue of this repository.
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '**Depends on:** Auto-Scaling, Security Isolation',
        '**Depends on:** SPEC-0002/REQ-001',
      ),
    );
    const plan = cli(['plan'], { cwd: repo });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('plan/invalid-spec');
    const r = cli(['validate'], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^\.github\/spec\/spec\.md:\d+:5 error ref\/broken "Monitoring" depends on "SPEC-0002\/REQ-001"/,
    );
    expect(r.stdout).toContain('1 document checked: 1 error');
  }, 60_000);
});
