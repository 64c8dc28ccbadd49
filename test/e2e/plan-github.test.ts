import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cli, cliAsync, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';

const _EX = join(ROOT, 'examples/seed-000');

// Seed 000 Part 4 against GitHub: the CLI as a subprocess, talking to the OpenAPI-checked fake.
describe('plan, next and implement on the GitHub forge (fake GitHub)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  });
  afterAll(() => fake.close());

  it('creates #1–#4 with #4 blocked by #2 and #3, re-plans with no write, and names #2 next', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(join(repo, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const before = fake.calls.filter((c) => c.method !== 'GET').length;
    const plan = await cliAsync(['plan'], { cwd: repo, env });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
    const writes = fake.calls.filter((c) => c.method !== 'GET').length;
    // 3 labels, 4 issues, 3 sub-issue links, 2 blocked-by links: the minimum.
    expect(writes - before).toBe(12);
    const again = JSON.parse((await cliAsync(['plan', '--json'], { cwd: repo, env })).stdout);
    expect(again.writes).toBe(0);
    expect(fake.calls.filter((c) => c.method !== 'GET').length).toBe(writes);
    expect((await cliAsync(['next'], { cwd: repo, env })).stdout).toContain('#2 [REQ] Auto-Scaling');
    const impl = await cliAsync(['implement', '--json'], { cwd: repo, env });
    expect(impl.stderr).toBe('');
    expect(JSON.parse(impl.stdout)).toMatchObject({
      issue: 2,
      branch: 'implement/issue-2-auto-scaling',
      created: true,
      pullRequest: {
        number: 5,
        title: 'Implement #2: Auto-Scaling',
        draft: true,
        head: 'implement/issue-2-auto-scaling',
        base: 'main',
      },
    });
    const head = await fakeOctokit(fake).rest.git.getRef({
      owner: 'github',
      repo: 'runner-infra',
      ref: 'heads/implement/issue-2-auto-scaling',
    });
    const commit = await fakeOctokit(fake).rest.git.getCommit({
      owner: 'github',
      repo: 'runner-infra',
      commit_sha: head.data.object.sha,
    });
    expect(commit.data.message).toContain('Resolves #2');
    const again2 = JSON.parse((await cliAsync(['implement', '2', '--json'], { cwd: repo, env })).stdout);
    expect(again2).toMatchObject({ created: false, pullRequest: { number: 5 } });
    // Back in the decisions workspace, the spec's implementation follows the issues on GitHub.
    const sync = JSON.parse((await cliAsync(['sync', 'SPEC-0001', '--json'], { cwd: ws, env })).stdout);
    expect(sync).toMatchObject({
      repo: 'github/runner-infra',
      from: 'planned',
      to: 'in-progress',
      changed: true,
    });
    const merge = await cliAsync(['pr', 'merge', '5'], { cwd: repo, env });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('pr/not-local');
    expect(merge.stderr).toContain('gh pr merge 5');
    for (const n of ['2', '3', '4'])
      expect((await cliAsync(['issue', 'close', n], { cwd: repo, env })).code).toBe(0);
    const done = JSON.parse((await cliAsync(['sync', 'SPEC-0001', '--json'], { cwd: ws, env })).stdout);
    expect(done).toMatchObject({
      to: 'complete',
      requirements: { issues: 3, closed: 3, open: [] },
      allComplete: true,
    });
    expect(cli(['status', 'SPEC-0001', 'approved'], { cwd: ws }).code).toBe(0);
    expect(cli(['status', 'SPEC-0001', 'implemented'], { cwd: ws }).code).toBe(0);
    expect(fake.violations).toEqual([]);
    const noToken = await cliAsync(['plan'], {
      cwd: repo,
      env: { ...env, GITHUB_TOKEN: '', PATH: '/nonexistent' },
    });
    expect(noToken.code).toBe(4);
    expect(noToken.stderr).toContain('forge/unauthorized');
  }, 120_000);

  // On GitHub the issues themselves, found by their hidden markers, are the only record: a fresh
  // checkout elsewhere, with nothing local but the spec, plans the same repository without a write.
  it('re-plans from a checkout without any local state and creates nothing', async () => {
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'elsewhere', auto_init: true });
    const ws = seedWorkspace();
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const checkouts = [join(tempDir(), 'elsewhere'), join(tempDir(), 'elsewhere')];
    for (const dir of checkouts) {
      expect(cli(['bootstrap', 'SPEC-0001', '--dir', dir], { cwd: ws }).code).toBe(0);
      writeFileSync(join(dir, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/elsewhere\n');
    }
    const first = JSON.parse((await cliAsync(['plan', '--json'], { cwd: checkouts[0]!, env })).stdout);
    expect(first.rows.map((r: { action: string }) => r.action)).toEqual([
      'create',
      'create',
      'create',
      'create',
    ]);
    rmSync(join(checkouts[0]!, '.papertrail'), { recursive: true, force: true });
    for (const dir of checkouts) {
      const again = JSON.parse((await cliAsync(['plan', '--json'], { cwd: dir, env })).stdout);
      expect(again.writes).toBe(0);
      expect(again.rows.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4]);
    }
    const issues = await fakeOctokit(fake).rest.issues.listForRepo({
      owner: 'github',
      repo: 'elsewhere',
      state: 'all',
    });
    expect(issues.data).toHaveLength(4);
  });
});
