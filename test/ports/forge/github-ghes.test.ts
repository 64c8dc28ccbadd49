import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { type FakeGitHub, type SpecName, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { ext, spec as seedSpec } from '../../helpers/seed-spec.js';

// GitHub Enterprise Server 3.17–3.19 has no sub-issue endpoints (and 3.17–3.18 no dependencies): plan
// finds that out once per run, puts a task list in the tracking issue instead, and succeeds every run.
const spec = seedSpec();
let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function ghes(version: SpecName) {
  const f = await startFakeGitHub({ login: 'github', spec: version });
  fake = f;
  await fakeOctokit(f).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  // A new forge per run, as each CLI run opens one.
  const open = () =>
    GitHubForge.open({
      repo: 'github/runner-infra',
      token: f.token,
      baseUrl: `${f.url}/api/v3`,
      paceWrites: false,
      retryAfterBaseMs: 1,
    });
  return { fake: f, open, octokit: fakeOctokit(f) };
}

const subIssueCalls = (f: FakeGitHub, from: number) =>
  f.calls.slice(from).filter((c) => c.path.includes('/sub_issue'));

describe('plan on GitHub Enterprise Server without sub-issues', () => {
  it('3.19: a task list in the tracking issue, blocked-by links as usual, and no write on re-plan', async () => {
    const { fake, open, octokit } = await ghes('ghes-3.19');
    const first = await applyPlan(await open(), desiredPlan(spec, []));
    expect(first.unsupported).toEqual(['sub-issues']);
    expect(first.rows.map((r) => [r.number, r.action])).toEqual([
      [1, 'create'],
      [2, 'create'],
      [3, 'create'],
      [4, 'create'],
    ]);
    expect(first.links).toEqual({ subIssues: 0, blockedBy: 2, removed: [] });
    // Found out with one request to the sub-issue endpoints, never tried again in the run.
    expect(subIssueCalls(fake, 0).map((c) => [c.method, c.status, c.absent])).toEqual([['GET', 404, true]]);
    const tracking = (
      await octokit.rest.issues.get({ owner: 'github', repo: 'runner-infra', issue_number: 1 })
    ).data.body!;
    expect(tracking).toContain(
      '## Sub-issues\n\nThis GitHub server has no sub-issues, so Papertrail keeps this list of the issues tracked here.\n\n- [ ] #2 [REQ] Auto-Scaling\n- [ ] #3 [REQ] Security Isolation\n- [ ] #4 [REQ] Monitoring\n',
    );
    const forge = await open();
    expect(await forge.listBlockedBy(4)).toEqual([2, 3]);

    const mark = fake.calls.length;
    const again = await applyPlan(await open(), desiredPlan(spec, []));
    expect(again.writes).toBe(0);
    expect(again.unsupported).toEqual(['sub-issues']);
    expect(again.rows.every((r) => r.action === 'unchanged')).toBe(true);
    expect(subIssueCalls(fake, mark)).toHaveLength(1);
    expect(fake.calls.slice(mark).filter((c) => c.method !== 'GET')).toEqual([]);

    // A closed issue is ticked on the next plan, once.
    await octokit.rest.issues.update({
      owner: 'github',
      repo: 'runner-infra',
      issue_number: 2,
      state: 'closed',
    });
    const ticked = await applyPlan(await open(), desiredPlan(spec, []));
    expect(ticked.writes).toBe(1);
    expect(ticked.rows[0]).toMatchObject({ number: 1, action: 'update' });
    const body = (await octokit.rest.issues.get({ owner: 'github', repo: 'runner-infra', issue_number: 1 }))
      .data.body!;
    expect(body).toContain('- [x] #2 [REQ] Auto-Scaling');
    expect((await applyPlan(await open(), desiredPlan(spec, []))).writes).toBe(0);
    const issues = await octokit.rest.issues.listForRepo({
      owner: 'github',
      repo: 'runner-infra',
      state: 'all',
    });
    expect(issues.data).toHaveLength(4);

    // An extension that overrides Monitoring: the list loses the superseded #4 and gains #5, in one write.
    const extended = await applyPlan(await open(), desiredPlan(spec, [ext()]));
    expect(extended.rows[0]).toMatchObject({ number: 1, action: 'update' });
    const listed = (await octokit.rest.issues.get({ owner: 'github', repo: 'runner-infra', issue_number: 1 }))
      .data.body!;
    expect(listed.match(/^- \[[ x]\] #.*$/gm)).toEqual([
      '- [x] #2 [REQ] Auto-Scaling',
      '- [ ] #3 [REQ] Security Isolation',
      expect.stringMatching(/^- \[ \] #5 \[REQ\] .*\(overrides Monitoring\)$/),
    ]);
    expect((await applyPlan(await open(), desiredPlan(spec, [ext()]))).writes).toBe(0);
    expect(fake.violations).toEqual([]);
  });

  it('3.17: no sub-issues and no dependencies, and the plan still succeeds every run without duplicates', async () => {
    const { fake, open, octokit } = await ghes('ghes-3.17');
    const first = await applyPlan(await open(), desiredPlan(spec, []));
    expect(first.unsupported).toEqual(['sub-issues', 'dependencies']);
    expect(first.links).toEqual({ subIssues: 0, blockedBy: 0, removed: [] });
    expect(fake.calls.filter((c) => c.absent && c.method !== 'GET')).toEqual([]);
    const dry = await applyPlan(await open(), desiredPlan(spec, []), { dryRun: true });
    expect(dry.writes).toBe(0);
    const again = await applyPlan(await open(), desiredPlan(spec, []));
    expect(again.writes).toBe(0);
    expect(again.unsupported).toEqual(['sub-issues', 'dependencies']);
    const issues = await octokit.rest.issues.listForRepo({
      owner: 'github',
      repo: 'runner-infra',
      state: 'all',
    });
    expect(issues.data).toHaveLength(4);
    expect(fake.violations).toEqual([]);
  });
});
