import { afterEach, describe, expect, it } from 'vitest';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { repoWithBranch } from '../../fakes/github/octokit.js';

// The GitHub adapter's CI checks against the fake: check runs and commit statuses of a branch or a
// commit, every page of each, and GitHub's states mapped onto the port's.
const REPO = { owner: 'github', repo: 'runner-infra' };
let fake: FakeGitHub | undefined;

afterEach(async () => {
  const f = fake;
  fake = undefined;
  await f?.close();
  expect(f?.violations ?? []).toEqual([]);
});

/** github/runner-infra with a branch `feature/x` one commit ahead of main, and a forge on it. */
async function setup() {
  const f = await startFakeGitHub({ login: 'github' });
  fake = f;
  const { octokit: o, head } = await repoWithBranch(f, REPO, 'feature/x');
  const forge = await GitHubForge.open({
    repo: 'github/runner-infra',
    token: f.token,
    baseUrl: f.url,
    paceWrites: false,
    retryAfterBaseMs: 1,
  });
  return { fake: f, octokit: o, forge, sha: head };
}

describe('GitHubForge.listChecks', () => {
  it('reads check runs and commit statuses of a branch and of its commit alike', async () => {
    const { octokit: o, forge, sha } = await setup();
    await o.rest.checks.create({ ...REPO, name: 'test', head_sha: sha, status: 'queued' });
    await o.rest.checks.create({
      ...REPO,
      name: 'lint',
      head_sha: sha,
      conclusion: 'failure',
      details_url: 'https://ci.example/lint',
    });
    await o.rest.repos.createCommitStatus({ ...REPO, sha, state: 'pending', context: 'ci/legacy' });
    await o.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: 'error',
      context: 'deploy/preview',
      target_url: 'https://ci.example/preview',
    });
    const checks = await forge.listChecks('feature/x');
    expect(checks.map((c) => [c.name, c.status, c.conclusion, c.source])).toEqual([
      ['ci/legacy', 'in_progress', null, 'status'],
      ['deploy/preview', 'completed', 'error', 'status'],
      ['lint', 'completed', 'failure', 'check-run'],
      ['test', 'queued', null, 'check-run'],
    ]);
    expect(checks[1]).toMatchObject({ url: 'https://ci.example/preview' });
    expect(checks[2]!.url).toMatch(/\/runs\/\d+$/);
    expect(checks[2]!.completedAt).toMatch(/Z$/);
    expect(checks[3]!.completedAt).toBeUndefined();
    expect(await forge.listChecks(sha)).toEqual(checks);
  });

  it('keeps the latest status of a context and the latest run of a name', async () => {
    const { octokit: o, forge, sha } = await setup();
    await o.rest.checks.create({ ...REPO, name: 'test', head_sha: sha, conclusion: 'failure' });
    const rerun = await o.rest.checks.create({ ...REPO, name: 'test', head_sha: sha, status: 'in_progress' });
    await o.rest.repos.createCommitStatus({ ...REPO, sha, state: 'failure', context: 'ci' });
    await o.rest.repos.createCommitStatus({ ...REPO, sha, state: 'success', context: 'ci' });
    expect((await forge.listChecks(sha)).map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['ci', 'completed', 'success'],
      ['test', 'in_progress', null],
    ]);
    await o.rest.checks.update({ ...REPO, check_run_id: rerun.data.id, conclusion: 'success' });
    expect((await forge.listChecks(sha)).map((c) => c.conclusion)).toEqual(['success', 'success']);
  });

  it('reads every page of check runs and of statuses', async () => {
    const { fake, octokit: o, forge, sha } = await setup();
    for (let i = 0; i < 105; i++) {
      const name = `c${String(i).padStart(3, '0')}`;
      await o.rest.checks.create({ ...REPO, name, head_sha: sha, conclusion: 'success' });
      await o.rest.repos.createCommitStatus({ ...REPO, sha, state: 'success', context: `s${name}` });
    }
    const start = fake.calls.length;
    const checks = await forge.listChecks(sha);
    expect(checks.filter((c) => c.source === 'check-run')).toHaveLength(105);
    expect(checks.filter((c) => c.source === 'status')).toHaveLength(105);
    const reads = fake.calls.slice(start).map((c) => c.path.replace(/\/commits\/[^/]+/, '/commits/REF'));
    expect(reads).toEqual([
      '/repos/github/runner-infra/commits/REF/check-runs',
      '/repos/github/runner-infra/commits/REF/check-runs',
      '/repos/github/runner-infra/commits/REF/status',
      '/repos/github/runner-infra/commits/REF/status',
    ]);
  });

  it('retries a read GitHub failed once, and names an unknown ref', async () => {
    const { fake, forge } = await setup();
    fake.fail({ status: 502, method: 'GET', path: '/repos/github/runner-infra/commits/main/check-runs' });
    expect(await forge.listChecks('main')).toEqual([]);
    expect(fake.calls.filter((c) => c.path.endsWith('/check-runs')).map((c) => c.status)).toEqual([502, 200]);
    await expect(forge.listChecks('no-such-branch')).rejects.toMatchObject({
      message: expect.stringContaining('no-such-branch'),
    });
  });

  it('reads unchanged checks again as a 304 and gets the same checks', async () => {
    const { fake: f, octokit: o, forge, sha } = await setup();
    await o.rest.checks.create({ ...REPO, name: 'test', head_sha: sha, conclusion: 'success' });
    const first = await forge.listChecks(sha);
    // The cached answer is the envelope GitHub sent, not the list pagination unwrapped from it.
    expect(await forge.listChecks(sha)).toEqual(first);
    const reads = f.calls.filter((c) => c.path.endsWith(`/commits/${sha}/check-runs`));
    expect(reads.map((c) => [c.conditional, c.status])).toEqual([
      [false, 200],
      [true, 304],
    ]);
    expect(forge.rateLimit.remaining).toEqual(expect.any(Number));
  });
});
