import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, plannedRepo, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';

const _EX = join(ROOT, 'examples/seed-000');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

// Seed 000 Parts 3 and 4 and "What Happens Next" on the local forge: a real git repository, issues in
// the embedded store, #4 blocked by #2 and #3, next gives #2, implement gives its branch and draft PR.
describe('bootstrap → plan → next → implement on the local forge', () => {
  it('runs the seed end to end', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    expect(readFileSync(join(repo, 'papertrail.yaml'), 'utf8')).toContain(
      'forge: local\nrepo: github/runner-infra\n',
    );

    const early = cli(['plan', '--extensions-only'], { cwd: repo });
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('plan/no-base-plan');

    const plan = cli(['plan'], { cwd: repo });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('| 1 | [SPEC-0001] Runner Infrastructure | Tracking | - |');
    expect(plan.stdout).toContain('| 2 | [REQ] Auto-Scaling | Requirement | - |');
    expect(plan.stdout).toContain('| 3 | [REQ] Security Isolation | Requirement | - |');
    expect(plan.stdout).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
    expect(plan.stdout).toContain('└── #4 Monitoring (blocked by #2, #3)');
    expect(git(repo, 'status', '--porcelain')).toBe('');

    const again = JSON.parse(cli(['plan', '--json'], { cwd: repo }).stdout);
    expect(again.writes).toBe(0);
    const refresh = JSON.parse(
      cli(['plan', '--refresh', '--extensions-only', '--json'], { cwd: repo }).stdout,
    );
    expect(refresh).toMatchObject({ writes: 0, keptEdits: [], replacedEdits: [] });

    expect(cli(['next'], { cwd: repo }).stdout).toContain('#2 [REQ] Auto-Scaling (SPEC-0001/REQ-001)');
    const blocked = cli(['implement', '4'], { cwd: repo });
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain('#4 is blocked by #2, #3');

    const impl = JSON.parse(cli(['implement', '--json'], { cwd: repo }).stdout);
    expect(impl).toMatchObject({
      issue: 2,
      branch: 'implement/issue-2-auto-scaling',
      created: true,
      pullRequest: {
        number: 5,
        title: 'Implement #2: Auto-Scaling',
        draft: true,
        base: 'main',
        head: 'implement/issue-2-auto-scaling',
      },
    });
    expect(impl.pullRequest.body).toContain(
      '- [ ] **Scale up on queue pressure**: GIVEN a pool configured with min=2, max=20 runners',
    );
    expect(git(repo, 'log', '-1', '--format=%B', 'implement/issue-2-auto-scaling')).toContain('Resolves #2');
    const same = JSON.parse(cli(['implement', '2', '--json'], { cwd: repo }).stdout);
    expect(same).toMatchObject({ created: false, pullRequest: { number: 5 } });

    // trace: requirement → issue → branch → PR → state.
    const trace = cli(['trace', 'SPEC-0001'], { cwd: repo });
    expect(trace.stdout).toContain(
      '├─ SPEC-0001/REQ-001 → #2 open → implement/issue-2-auto-scaling → PR #5 draft',
    );
    expect(trace.stdout).toContain('└─ SPEC-0001/REQ-003 → #4 open');
    const work = JSON.parse(cli(['trace', 'SPEC-0001/REQ-001', '--json'], { cwd: repo }).stdout).work;
    expect(work).toEqual([
      {
        requirement: 'SPEC-0001/REQ-001',
        issue: { number: 2, title: '[REQ] Auto-Scaling', state: 'open', stateReason: null },
        branch: { name: 'implement/issue-2-auto-scaling', exists: true },
        pullRequests: [
          {
            number: 5,
            title: 'Implement #2: Auto-Scaling',
            head: 'implement/issue-2-auto-scaling',
            draft: true,
            state: 'open',
            merged: false,
          },
        ],
      },
    ]);
  }, 120_000);

  it('refuses to plan a spec that fails validation, touching nothing', () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws });
    const spec = join(repo, '.github/spec/spec.md');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '**Depends on:** Auto-Scaling, Security Isolation',
        '**Depends on:** Monitoring',
      ),
    );
    const r = cli(['plan'], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error plan/invalid-spec');
    expect(r.stderr).toContain('cycle');
  }, 60_000);

  it('a re-plan unlinks the dependency the spec dropped; the dry run before it only says so', () => {
    const { repo } = plannedRepo();
    const specFile = join(repo, '.github/spec/spec.md');
    writeFileSync(
      specFile,
      readFileSync(specFile, 'utf8').replace(/(\*\*Depends on:\*\* Auto-Scaling), Security Isolation/, '$1'),
    );
    const dry = cli(['plan', '--dry-run'], { cwd: repo });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would remove "blocked by" links the spec no longer has: #4 blocked by #3.');
    const real = JSON.parse(cli(['plan', '--json'], { cwd: repo }).stdout);
    expect(real.links.removed).toEqual([{ issue: 4, blocker: 3 }]);
    expect(real.rows.find((r: { number: number }) => r.number === 4).blockedBy).toEqual([2]);
    const again = JSON.parse(cli(['plan', '--json'], { cwd: repo }).stdout);
    expect(again).toMatchObject({ writes: 0, links: { removed: [] } });
  }, 60_000);
});
