import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideGateOf,
  workClaim,
  workComplete,
  workList,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { type App, openApp, withStore } from '../../../src/app/kernel/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { cli, cliAsync, seedWorkspace, tempDir } from '../../helpers/cli.js';
import { artifacts } from './workspace.js';

// Baseline integration on GitHub (the OpenAPI-checked fake): the integrate step merges the item's pull
// request through GitHub's merge API once its gates pass (the CI gate judged by the required checks
// alone), a refusal fails the attempt with GitHub's reason and merges nothing, and the retry merges.

const REPO = { owner: 'github', repo: 'runner-infra' };
const ENV = ['GITHUB_TOKEN', 'GITHUB_API_URL', 'PAPERTRAIL_GITHUB_PACE', 'DATABASE_URL'] as const;

describe('the integrate step on GitHub', () => {
  let fake: FakeGitHub;
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: REPO.repo, auto_init: true });
  });
  afterAll(async () => {
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('merges through the merge API after every gate passed; a refusal merges nothing', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(
      join(repo, 'papertrail.yaml'),
      'version: 1\nforge: github\nrepo: github/runner-infra\nexecution:\n  retry: { maxAttempts: 3, backoffMs: 0, maxBackoffMs: 0 }\n  ci:\n    required: [test]\n',
    );
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    Object.assign(process.env, env);
    delete process.env.DATABASE_URL;
    const plan = await cliAsync(['plan'], { cwd: repo, env });
    expect(plan.stderr).toBe('');
    const app: App = openApp(repo, { ...process.env, PAPERTRAIL_TODAY: '2026-11-23' });
    const o = fakeOctokit(fake);

    await workSchedule(app);
    let branch = '';
    for (const step of ['runbook', 'implement', 'review']) {
      const c = (await workClaim(app, { executor: 'agent-1' }))!;
      expect(c.handoff).toMatchObject({ issue: 2, step });
      branch = c.handoff.branch!;
      await workComplete(app, { attempt: c.attempt, token: c.token });
    }
    // The item's branch with one commit, and a draft pull request from it, as an agent would push.
    const main = (await o.rest.git.getRef({ ...REPO, ref: 'heads/main' })).data.object.sha;
    const tree = (await o.rest.git.getCommit({ ...REPO, commit_sha: main })).data.tree.sha;
    const head = (await o.rest.git.createCommit({ ...REPO, message: 'Work on #2', tree, parents: [main] }))
      .data.sha;
    await o.rest.git.createRef({ ...REPO, ref: `refs/heads/${branch}`, sha: head });
    const draft = await o.rest.pulls.create({
      ...REPO,
      title: '#2',
      head: branch,
      base: 'main',
      draft: true,
    });
    // Only `test` is required: `lint` still running does not hold the gate.
    await o.rest.checks.create({ ...REPO, name: 'test', head_sha: head, conclusion: 'success' });
    await o.rest.checks.create({ ...REPO, name: 'lint', head_sha: head, status: 'in_progress' });
    const s = await workSchedule(app);
    expect(s.ciGates).toEqual([
      { issue: 2, gate: 'ci', pr: draft.data.number, status: 'pass', reasons: ['test: success'], rework: [] },
    ]);

    // Not before the person's review: the integrate step is not even queued yet.
    const next = (await workClaim(app, { executor: 'agent-2' }))!;
    expect(next.handoff).toMatchObject({ issue: 3, step: 'runbook' });
    await decideGateOf(app, {
      issue: 2,
      gate: 'review',
      decision: 'approve',
      reason: 'LGTM',
      reviewer: 'lead',
    });

    // GitHub will not merge a draft: the attempt fails with its reason, main stays, nothing integrated.
    const i1 = (await workClaim(app, { executor: 'agent-1' }))!;
    expect(i1.handoff).toMatchObject({ issue: 2, step: 'integrate' });
    const refused = await workComplete(app, { attempt: i1.attempt, token: i1.token }).then(
      () => null,
      (e: { code?: string; exit?: number }) => e,
    );
    expect(refused).toMatchObject({ code: 'forge/not-mergeable', exit: 3 });
    expect((await o.rest.git.getRef({ ...REPO, ref: 'heads/main' })).data.object.sha).toBe(main);
    expect((await workList(app)).find((r) => r.issue === 2)).toMatchObject({ status: 'active' });
    expect((await artifacts(app)).filter((a) => a.eventType === 'baseline-integration')).toEqual([]);
    const failed = (await artifacts(app)).filter((a) => a.eventType === 'attempt-failed');
    expect(String(failed.at(-1)!.outcome)).toContain('forge/not-mergeable');

    // Made ready (a new pull request: the fake has no GraphQL), the retry merges it.
    await o.rest.pulls.update({ ...REPO, pull_number: draft.data.number, state: 'closed' });
    const ready = await o.rest.pulls.create({ ...REPO, title: '#2', head: branch, base: 'main' });
    const i2 = (await workClaim(app, { executor: 'agent-1' }))!;
    expect(i2.handoff).toMatchObject({ issue: 2, step: 'integrate', attemptNumber: 2 });
    const done = await workComplete(app, { attempt: i2.attempt, token: i2.token });
    expect(done.finished).toEqual([2]);
    const merged = (await o.rest.pulls.get({ ...REPO, pull_number: ready.data.number })).data;
    expect(merged).toMatchObject({ state: 'closed', merged: true });
    const base = (await o.rest.git.getRef({ ...REPO, ref: 'heads/main' })).data.object.sha;
    expect(base).toBe(merged.merge_commit_sha);
    const commit = (await o.rest.git.getCommit({ ...REPO, commit_sha: base })).data;
    expect(commit.parents.map((p) => p.sha)).toEqual([main, head]);
    expect(commit.message).toContain('Integrate #2');
    const baseline = (await artifacts(app)).filter((a) => a.eventType === 'baseline-integration');
    expect(baseline).toHaveLength(1);
    expect(JSON.stringify(baseline[0])).toContain(`pull request #${ready.data.number} (merge ${base})`);
    const puts = fake.calls.filter((c) => c.method === 'PUT').map((c) => c.status);
    expect(puts).toEqual([405, 200]);
    const audit = await withStore(app, (st) => readAudit(st.x));
    expect(
      audit.filter((r) => r.type === 'attempt-failed').map((r) => (r.data as { reason: string }).reason),
    ).toEqual([expect.stringContaining('forge/not-mergeable')]);
  }, 240_000);
});
