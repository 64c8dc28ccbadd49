import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';

// The example plan run through the built CLI, in a bootstrapped implementing repository on the
// embedded store: `ops start plan` plans the spec's issues and queues the work inside the run, and a
// template calling a verb a run cannot call is refused when templates are listed or a run is planned.

delete process.env.DATABASE_URL;

describe('papertrail ops start with verb steps', () => {
  it('runs validate, plan, next and work schedule; refuses an unknown verb at its line', () => {
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: seedWorkspace() }).code).toBe(0);
    mkdirSync(join(repo, '.papertrail/runs'), { recursive: true });
    copyFileSync(join(ROOT, 'examples/ops/plan.yaml'), join(repo, '.papertrail/runs/plan.yaml'));
    const env = { PAPERTRAIL_ACTOR: 'Ana', PAPERTRAIL_STORE_WAIT: '2' };

    const run = cli(['ops', 'start', 'plan'], { cwd: repo, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/validate: \d+ documents, 0 errors/);
    expect(run.stdout).toMatch(/plan: SPEC-0001, \d+ change\(s\), 4 issue\(s\) created/);
    expect(run.stdout).toContain('next: #2 [REQ] Auto-Scaling');
    expect(run.stdout).toContain('work schedule: 2 step(s) launched, 2 attempt(s) queued');
    expect(cli(['next'], { cwd: repo, env }).stdout).toContain('#2 [REQ] Auto-Scaling');

    writeFileSync(
      join(repo, '.papertrail/runs/deploy.yaml'),
      'slug: deploy\ntitle: Deploy\nkind: deploy\nrisk: { level: low, codes: [IDEMPOTENT] }\nphases:\n  - name: Go\n    steps:\n      - verb: deploy\n',
    );
    for (const args of [
      ['ops', 'templates', '--json'],
      ['ops', 'start', 'plan', '--dry-run', '--json'],
    ]) {
      const r = cli(args, { cwd: repo, env });
      expect(r.code).toBe(3);
      const e = JSON.parse(r.stdout).error;
      expect(e.code).toBe('ops/unknown-verb');
      expect(e.location).toEqual({ file: '.papertrail/runs/deploy.yaml', line: 8, column: 15 });
      expect(e.hint).toBe(
        'Verbs a run can call: check, implement, next, plan, propose, spec, status, sync, validate, work-schedule.',
      );
    }
  }, 240_000);
});
