import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, plannedRepo } from '../helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

const json = (r: { code: number; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

// Seed 000's "What Happens Next" on the local forge: "Once #2 and #3 are done, #4 (Monitoring)
// becomes unblocked". Done means merged (the issue the PR resolves is closed) or closed by hand.
describe('pr ready, pr merge and issue close on the local forge', () => {
  it('finishes a merge that git made but the forge never recorded (a crash in between)', () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    expect(cli(['pr', 'ready', '5'], { cwd: repo }).code).toBe(0);
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '--no-ff', '-q', '-m', 'Merge pull request #5', 'implement/issue-2-auto-scaling');
    const mergeCommit = git(repo, 'rev-parse', 'HEAD');
    // Work goes on before anyone notices the PR still shows open.
    writeFileSync(join(repo, 'later.txt'), 'later\n');
    git(repo, 'add', 'later.txt');
    git(repo, 'commit', '-q', '-m', 'Later work');
    const head = git(repo, 'rev-parse', 'HEAD');

    const merged = json(cli(['pr', 'merge', '5', '--json'], { cwd: repo }));
    expect(merged).toMatchObject({ commit: mergeCommit, closed: [2] });
    // Nothing merged twice, nothing new on main.
    expect(git(repo, 'rev-parse', 'main')).toBe(head);
    expect(cli(['trace', 'SPEC-0001/REQ-001'], { cwd: repo }).stdout).toContain('PR #5 merged');
  });

  it('merges like GitHub: a merge commit, the resolved issue closed, next moves on to #4', () => {
    const { ws, repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).stdout).toContain('Draft PR #5');

    const draft = cli(['pr', 'merge', '5'], { cwd: repo });
    expect(draft.code).toBe(3);
    expect(draft.stderr).toContain('pr/draft');
    expect(draft.stderr).toContain('papertrail pr ready 5');
    expect(json(cli(['pr', 'ready', '5', '--json'], { cwd: repo }))).toMatchObject({ changed: true });
    expect(json(cli(['pr', 'ready', '5', '--json'], { cwd: repo }))).toMatchObject({ changed: false });

    writeFileSync(join(repo, 'wip.txt'), 'not committed');
    const dirty = cli(['pr', 'merge', '5'], { cwd: repo });
    expect(dirty.code).toBe(3);
    expect(dirty.stderr).toContain('pr/dirty');
    git(repo, 'add', 'wip.txt');
    git(repo, 'commit', '-q', '-m', 'Work on auto-scaling');

    const mainBefore = git(repo, 'rev-parse', 'main');
    const dry = json(cli(['pr', 'merge', '5', '--dry-run', '--json'], { cwd: repo }));
    expect(dry).toMatchObject({ pullRequest: 5, closed: [2], commit: null, dryRun: true });
    expect(git(repo, 'rev-parse', 'main')).toBe(mainBefore);

    const merged = json(cli(['pr', 'merge', '5', '--json'], { cwd: repo }));
    expect(merged).toMatchObject({ head: 'implement/issue-2-auto-scaling', base: 'main', closed: [2] });
    expect(git(repo, 'rev-parse', 'main')).toBe(merged.commit);
    expect(git(repo, 'log', '-1', '--format=%s%n%P', 'main')).toBe(
      `Merge pull request #5 from implement/issue-2-auto-scaling\n${mainBefore} ${git(repo, 'rev-parse', 'implement/issue-2-auto-scaling')}`,
    );
    // The branch the user was on is still checked out.
    expect(git(repo, 'branch', '--show-current')).toBe('implement/issue-2-auto-scaling');
    expect(cli(['trace', 'SPEC-0001/REQ-001'], { cwd: repo }).stdout).toContain(
      'SPEC-0001/REQ-001 → #2 closed → implement/issue-2-auto-scaling → PR #5 merged',
    );
    const again = cli(['pr', 'merge', '5'], { cwd: repo });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('pr/closed: Pull request #5 is already merged');

    expect(cli(['next'], { cwd: repo }).stdout).toContain('#3 [REQ] Security Isolation');
    // #3 done without a PR: closed by hand; #4 is then unblocked.
    expect(json(cli(['issue', 'close', '3', '--json'], { cwd: repo }))).toMatchObject({
      issue: 3,
      state: 'closed',
      stateReason: 'completed',
    });
    expect(cli(['next'], { cwd: repo }).stdout).toContain('#4 [REQ] Monitoring (SPEC-0001/REQ-003)');
    expect(json(cli(['issue', 'reopen', '3', '--json'], { cwd: repo }))).toMatchObject({ state: 'open' });
    expect(cli(['next'], { cwd: repo }).stdout).toContain('#3 [REQ] Security Isolation');
    expect(cli(['issue', 'close', 'x'], { cwd: repo }).code).toBe(2);

    // The decisions workspace reads the progress back into the spec's implementations.
    const spec = join(ws, 'docs/specs/SPEC-0001-runner-infrastructure.md');
    const sync = json(cli(['sync', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }));
    expect(sync).toMatchObject({
      from: 'planned',
      to: 'in-progress',
      changed: true,
      requirements: { issues: 3, closed: 1, open: [3, 4] },
    });
    expect(readFileSync(spec, 'utf8')).toContain('  - repo: github/runner-infra\n    status: in-progress\n');
    for (const n of ['3', '4']) expect(cli(['issue', 'close', n], { cwd: repo }).code).toBe(0);
    expect(cli(['next'], { cwd: repo }).stdout).toContain(
      'Every requirement issue is closed. papertrail sync here closes the tracking issue #1 (and records it in the spec when papertrail.yaml names the decisions workspace). In the decisions workspace, papertrail sync SPEC-0001 --dir PATH',
    );
    expect(json(cli(['issue', 'close', '1', '--json'], { cwd: repo }))).toMatchObject({ state: 'closed' });
    expect(json(cli(['next', '--json'], { cwd: repo }))).toMatchObject({
      next: null,
      blocked: [],
      tracking: { number: 1, state: 'closed' },
    });
    expect(cli(['next'], { cwd: repo }).stdout).toContain(
      'Every requirement issue is closed. In the decisions workspace, papertrail sync SPEC-0001 --dir PATH',
    );
    const done = cli(['sync', 'SPEC-0001', '--dir', repo], { cwd: ws });
    expect(done.stdout).toContain('from in-progress to complete');
    expect(done.stdout).toContain('Every implementation is complete');
    expect(json(cli(['sync', 'SPEC-0001', '--dir', repo, '--json'], { cwd: ws }))).toMatchObject({
      changed: false,
    });
    expect(cli(['validate', '--strict'], { cwd: ws }).code).toBe(0);
    const other = cli(['sync', 'SPEC-0001', '--dir', ws], { cwd: ws });
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('sync/other-repo');
  }, 180_000);

  it('refuses a merge that conflicts and changes nothing', () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    writeFileSync(join(repo, 'scale.txt'), 'on the branch\n');
    git(repo, 'add', 'scale.txt');
    git(repo, 'commit', '-q', '-m', 'Branch side');
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'scale.txt'), 'on main\n');
    git(repo, 'add', 'scale.txt');
    git(repo, 'commit', '-q', '-m', 'Main side');
    const main = git(repo, 'rev-parse', 'main');
    expect(cli(['pr', 'ready', '5'], { cwd: repo }).code).toBe(0);
    const r = cli(['pr', 'merge', '5'], { cwd: repo });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('pr/merge-conflict');
    expect(git(repo, 'rev-parse', 'main')).toBe(main);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(cli(['trace', 'SPEC-0001/REQ-001'], { cwd: repo }).stdout).toContain('#2 open');
  }, 120_000);
  // A branch that never got its "Resolves #2" commit (a run killed between making the branch and the
  // commit): merging its PR would close #2 with nothing merged, so pr merge refuses until implement
  // finishes the branch.
  it('refuses to merge a PR that brings no commits, and implement finishes its branch', () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'branch', '-f', 'implement/issue-2-auto-scaling', 'main');
    expect(cli(['pr', 'ready', '5'], { cwd: repo }).code).toBe(0);
    const main = git(repo, 'rev-parse', 'main');

    for (const args of [
      ['pr', 'merge', '5'],
      ['pr', 'merge', '5', '--dry-run'],
    ]) {
      const empty = cli(args, { cwd: repo });
      expect(empty.code, empty.stderr).toBe(3);
      expect(empty.stderr).toContain(
        'error pr/empty: Pull request #5 brings no commits: implement/issue-2-auto-scaling has nothing main lacks',
      );
      expect(empty.stderr).toContain('hint: papertrail implement 2 adds its "Resolves #2" commit');
    }
    const asJson = JSON.parse(cli(['pr', 'merge', '5', '--json'], { cwd: repo }).stdout);
    expect(asJson).toMatchObject({ ok: false, error: { code: 'pr/empty', exit: 3 } });
    expect(git(repo, 'rev-parse', 'main')).toBe(main);
    expect(cli(['trace', 'SPEC-0001/REQ-001'], { cwd: repo }).stdout).toContain('#2 open');

    // The re-run reuses the PR and puts the missing commit back, without a checkout.
    const again = json(cli(['implement', '2', '--json'], { cwd: repo }));
    expect(again).toMatchObject({ created: false, pullRequest: { number: 5 } });
    expect(again.commit).toBe(git(repo, 'rev-parse', 'implement/issue-2-auto-scaling'));
    expect(git(repo, 'log', '-1', '--format=%B', 'implement/issue-2-auto-scaling')).toContain('Resolves #2');
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(json(cli(['implement', '2', '--json'], { cwd: repo }))).toMatchObject({ commit: null });

    expect(json(cli(['pr', 'merge', '5', '--json'], { cwd: repo }))).toMatchObject({ closed: [2] });
  }, 120_000);

  it('still records a PR whose commits were fast-forwarded into the base by hand', () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    expect(cli(['pr', 'ready', '5'], { cwd: repo }).code).toBe(0);
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '--ff-only', '-q', 'implement/issue-2-auto-scaling');
    const merged = json(cli(['pr', 'merge', '5', '--json'], { cwd: repo }));
    expect(merged).toMatchObject({ commit: git(repo, 'rev-parse', 'main'), closed: [2] });
  }, 120_000);

  it('lets implement finish a branch that a killed run left without its commit', () => {
    const { repo } = plannedRepo();
    // What a run killed right after `git checkout -B` left: the branch at main, checked out, no PR.
    git(repo, 'checkout', '-q', '-b', 'implement/issue-2-auto-scaling', 'main');
    const r = json(cli(['implement', '--json'], { cwd: repo }));
    expect(r).toMatchObject({ issue: 2, created: true, pullRequest: { number: 5 } });
    expect(r.commit).toBe(git(repo, 'rev-parse', 'implement/issue-2-auto-scaling'));
    expect(git(repo, 'log', '--format=%B', 'main..implement/issue-2-auto-scaling')).toContain('Resolves #2');
    expect(cli(['pr', 'ready', '5'], { cwd: repo }).code).toBe(0);
    expect(json(cli(['pr', 'merge', '5', '--json'], { cwd: repo }))).toMatchObject({ closed: [2] });
  }, 120_000);
});
