import { afterEach, describe, expect, it } from 'vitest';
import { isPtError } from '../../../src/base/index.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { actionsOf, LocalForge } from '../../../src/ports/forge/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';

// The ActionsPort on GitHub against the fake: runners of the repository and of its organisation, a
// dispatched deploy followed through its run and job to a runner, cancel, and deployments.
let fake: FakeGitHub | undefined;
let clock = new Date('2026-03-01T10:00:00Z');

afterEach(async () => {
  const f = fake;
  fake = undefined;
  await f?.close();
  expect(f?.violations ?? []).toEqual([]);
});

async function setup(owner: 'org' | 'user' = 'org') {
  clock = new Date('2026-03-01T10:00:00Z');
  const f = await startFakeGitHub({ now: () => clock });
  fake = f;
  const o = fakeOctokit(f);
  if (owner === 'org') await o.rest.repos.createInOrg({ org: 'acme', name: 'svc', auto_init: true });
  else await o.rest.repos.createForAuthenticatedUser({ name: 'svc', auto_init: true });
  const repo = owner === 'org' ? 'acme/svc' : 'octocat/svc';
  f.actions.addWorkflow(repo, 'deploy.yml', 'Deploy');
  const forge = await GitHubForge.open({
    repo,
    token: f.token,
    baseUrl: f.url,
    paceWrites: false,
    retryAfterBaseMs: 1,
  });
  return { fake: f, forge, actions: actionsOf(forge), repo };
}

describe('GitHub ActionsPort: runners', () => {
  it('lists repository and organisation runners with scope, state and labels', async () => {
    const { fake: f, actions } = await setup();
    f.actions.addRunner({ repo: 'acme/svc', name: 'prod-1', labels: ['self-hosted', 'prod'], busy: true });
    f.actions.addRunner({ org: 'acme', name: 'dr-1', labels: ['self-hosted', 'prod-dr'], status: 'offline' });
    const runners = await actions.listRunners();
    expect(runners.map((r) => [r.name, r.scope, r.status, r.busy, r.labels])).toEqual([
      ['prod-1', 'repository', 'online', true, ['self-hosted', 'prod']],
      ['dr-1', 'organization', 'offline', false, ['self-hosted', 'prod-dr']],
    ]);
  });

  it('pages through many runners, and a second listing that changed nothing is answered 304', async () => {
    const { fake: f, forge, actions } = await setup();
    for (let i = 0; i < 130; i++)
      f.actions.addRunner({ repo: 'acme/svc', name: `r-${i}`, labels: ['self-hosted'] });
    expect((await actions.listRunners()).length).toBe(130);
    const before = forge.etagStats.notModified;
    expect((await actions.listRunners()).length).toBe(130);
    expect(forge.etagStats.notModified - before).toBeGreaterThanOrEqual(2);
  });

  it('treats organisation runners it may not read as none, and asks only once', async () => {
    const { fake: f, actions } = await setup();
    f.actions.hideOrgRunners('acme');
    f.actions.addRunner({ repo: 'acme/svc', name: 'prod-1', labels: ['self-hosted'] });
    expect((await actions.listRunners()).map((r) => r.name)).toEqual(['prod-1']);
    await actions.listRunners();
    expect(f.calls.filter((c) => c.path === '/orgs/acme/actions/runners').length).toBe(1);
  });

  it('on a user account lists only the repository runners', async () => {
    const { fake: f, actions } = await setup('user');
    f.actions.addRunner({ repo: 'octocat/svc', name: 'mine', labels: ['self-hosted'] });
    expect((await actions.listRunners()).map((r) => [r.name, r.scope])).toEqual([['mine', 'repository']]);
  });

  it('explains a token that may not list the repository runners', async () => {
    const { fake: f, actions } = await setup();
    f.fail({
      status: 403,
      path: '/repos/acme/svc/actions/runners',
      body: { message: 'Resource not accessible by integration' },
    });
    const err = await actions.listRunners().catch((e: unknown) => e);
    expect(isPtError(err) && err.code).toBe('forge/forbidden');
    expect((err as Error & { hint?: string }).hint).toContain('Administration: read');
  });
});

describe('GitHub ActionsPort: dispatch, runs, jobs', () => {
  it('follows a dispatched deploy from queued to a runner, and finds its run by time', async () => {
    const { fake: f, actions } = await setup();
    clock = new Date('2026-03-01T10:05:00Z');
    const runId = await actions.dispatchWorkflow({
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { environment: 'prod', runner_labels: '["self-hosted","prod"]' },
    });
    const runs = await actions.listRuns({
      workflow: 'deploy.yml',
      event: 'workflow_dispatch',
      createdAfter: '2026-03-01T10:04:00Z',
    });
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    // GitHub says which run the dispatch made (return_run_details).
    expect(runId).toBe(run.id);
    expect(run).toMatchObject({ status: 'queued', conclusion: null, event: 'workflow_dispatch' });
    let [job] = await actions.listJobs(run.id);
    expect(job).toMatchObject({
      status: 'queued',
      labels: ['self-hosted', 'prod'],
      runnerName: null,
      startedAt: null,
    });
    expect(job?.createdAt).toBe('2026-03-01T10:05:00Z');
    clock = new Date('2026-03-01T10:06:00Z');
    f.actions.addRunner({ repo: 'acme/svc', name: 'prod-1', labels: ['self-hosted', 'prod'] });
    [job] = await actions.listJobs(run.id);
    expect(job).toMatchObject({
      status: 'in_progress',
      runnerName: 'prod-1',
      startedAt: '2026-03-01T10:06:00Z',
    });
    f.actions.finishJob(job!.id, 'failure');
    expect(await actions.getRun(run.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // Runs from before the given time are left out.
    expect(await actions.listRuns({ workflow: 'deploy.yml', createdAfter: '2026-03-01T10:06:00Z' })).toEqual(
      [],
    );
  });

  it('stops reading pages of runs once it reaches runs older than asked', async () => {
    const { fake: f, actions } = await setup();
    for (let i = 0; i < 70; i++) {
      clock = new Date(Date.parse('2026-03-01T10:00:00Z') + i * 60_000);
      await actions.dispatchWorkflow({ workflow: 'deploy.yml', ref: 'main', inputs: {} });
    }
    const before = f.calls.length;
    const recent = await actions.listRuns({ workflow: 'deploy.yml', createdAfter: '2026-03-01T11:05:00Z' });
    expect(recent).toHaveLength(5);
    expect(f.calls.length - before).toBe(1);
    const newest = await actions.listRuns({ workflow: 'deploy.yml' });
    expect(newest).toHaveLength(70);
  });

  it('cancels a run, and cancelling a finished one is no error', async () => {
    const { actions } = await setup();
    await actions.dispatchWorkflow({
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { runner_labels: '["nowhere"]' },
    });
    const [run] = await actions.listRuns({ workflow: 'deploy.yml' });
    await actions.cancelRun(run!.id);
    expect(await actions.getRun(run!.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    await actions.cancelRun(run!.id);
  });

  it('sends a dispatch once, even when the answer is lost', async () => {
    const { fake: f, actions } = await setup();
    f.fail({ status: 502, method: 'POST', path: '/repos/acme/svc/actions/workflows/deploy.yml/dispatches' });
    await expect(
      actions.dispatchWorkflow({ workflow: 'deploy.yml', ref: 'main', inputs: {} }),
    ).rejects.toThrow();
    expect(f.calls.filter((c) => c.path.endsWith('/dispatches')).length).toBe(1);
  });

  it('reports an unknown workflow as not found', async () => {
    const { actions } = await setup();
    const err = await actions
      .dispatchWorkflow({ workflow: 'nope.yml', ref: 'main', inputs: {} })
      .catch((e: unknown) => e);
    expect(isPtError(err) && err.code).toBe('forge/not-found');
  });
});

describe('GitHub ActionsPort: deployments', () => {
  it('records a deployment and its statuses without GitHub re-checking the commit', async () => {
    const { fake: f, actions } = await setup();
    const o = fakeOctokit(f);
    const head = (await o.rest.git.getRef({ owner: 'acme', repo: 'svc', ref: 'heads/main' })).data.object.sha;
    await o.rest.repos.createCommitStatus({
      owner: 'acme',
      repo: 'svc',
      sha: head,
      state: 'pending',
      context: 'ci',
    });
    const { id } = await actions.createDeployment({
      ref: 'main',
      environment: 'prod',
      description: 'x'.repeat(200),
    });
    await actions.setDeploymentStatus(id, { state: 'in_progress', description: 'deploying' });
    await actions.setDeploymentStatus(id, {
      state: 'success',
      description: 'done',
      logUrl: 'https://ci.example/1',
    });
    const d = f.state.actions.deployments.find((x) => x.id === id)!;
    expect(d.environment).toBe('prod');
    expect(d.description).toHaveLength(140);
    expect(d.statuses.map((s) => [s.state, s.logUrl])).toEqual([
      ['in_progress', ''],
      ['success', 'https://ci.example/1'],
    ]);
  });
});

describe('actionsOf', () => {
  it('refuses on the local forge, saying where deploys run', () => {
    const local = Object.create(LocalForge.prototype) as LocalForge;
    Object.defineProperty(local, 'kind', { value: 'local' });
    Object.defineProperty(local, 'repo', { value: 'local/x' });
    const err = (() => {
      try {
        actionsOf(local);
      } catch (e) {
        return e;
      }
    })();
    expect(isPtError(err) && err.code).toBe('forge/unsupported');
    expect((err as { hint?: string }).hint).toContain('runs its command where Papertrail runs');
  });
});
