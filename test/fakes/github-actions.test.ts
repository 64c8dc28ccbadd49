import type { Octokit } from 'octokit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './github/index.js';
import { fakeOctokit as client, status } from './github/octokit.js';

let fake: FakeGitHub;
let gh: Octokit;
let clock = new Date('2026-01-02T03:00:00Z');
const repo = { owner: 'acme', repo: 'svc' };

async function dispatch(labels?: string[]): Promise<number> {
  const res = await gh.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
    ...repo,
    workflow_id: 'deploy.yml',
    ref: 'main',
    inputs: labels ? { environment: 'prod', runner_labels: JSON.stringify(labels) } : {},
    return_run_details: true,
  });
  expect(res.status).toBe(200);
  return (res.data as { workflow_run_id: number }).workflow_run_id;
}

async function jobsOf(runId: number) {
  return (await gh.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId })).data.jobs;
}

beforeAll(async () => {
  fake = await startFakeGitHub({ now: () => clock });
  gh = client(fake);
  await gh.rest.repos.createInOrg({ org: 'acme', name: 'svc', auto_init: true, visibility: 'private' });
  await gh.rest.repos.createForAuthenticatedUser({ name: 'mine', auto_init: true });
  fake.actions.addWorkflow('acme/svc', 'deploy.yml', 'Deploy');
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('fake GitHub: Actions runners', () => {
  it('lists repository and organisation runners with their state and labels', async () => {
    fake.actions.addRunner({ repo: 'acme/svc', name: 'prod-1', labels: ['self-hosted', 'linux', 'prod'] });
    fake.actions.addRunner({
      org: 'acme',
      name: 'org-dr-1',
      labels: ['self-hosted', 'prod-dr'],
      status: 'offline',
    });
    const mine = await gh.rest.actions.listSelfHostedRunnersForRepo(repo);
    expect(mine.data.total_count).toBe(1);
    expect(mine.data.runners[0]).toMatchObject({ name: 'prod-1', status: 'online', busy: false });
    expect(mine.data.runners[0]?.labels.map((l) => l.name)).toEqual(['self-hosted', 'linux', 'prod']);
    const org = await gh.rest.actions.listSelfHostedRunnersForOrg({ org: 'acme' });
    expect(org.data.runners.map((r) => [r.name, r.status])).toEqual([['org-dr-1', 'offline']]);
    const named = await gh.rest.actions.listSelfHostedRunnersForRepo({ ...repo, name: 'nope' });
    expect(named.data.total_count).toBe(0);
  });

  it('answers 404 for the runners of a user account and 403 where the token may not read them', async () => {
    expect(await status(gh.rest.actions.listSelfHostedRunnersForOrg({ org: 'octocat' }))).toBe(404);
    fake.actions.hideOrgRunners('acme');
    expect(await status(gh.rest.actions.listSelfHostedRunnersForOrg({ org: 'acme' }))).toBe(403);
    fake.state.actions.hiddenOrgs.delete('acme');
  });
});

describe('fake GitHub: workflow_dispatch, runs and jobs', () => {
  it('queues the job until an online idle runner carrying every label exists, then runs it there', async () => {
    fake.actions.setRunner('prod-1', { busy: true });
    const runId = await dispatch(['self-hosted', 'PROD']);
    let [job] = await jobsOf(runId);
    expect(job).toMatchObject({ status: 'queued', runner_name: null, labels: ['self-hosted', 'PROD'] });
    // A free runner without the label does not take it.
    fake.actions.addRunner({ repo: 'acme/svc', name: 'staging-1', labels: ['self-hosted', 'staging'] });
    expect((await jobsOf(runId))[0]?.status).toBe('queued');
    clock = new Date('2026-01-02T03:02:00Z');
    fake.actions.setRunner('prod-1', { busy: false });
    [job] = await jobsOf(runId);
    expect(job).toMatchObject({
      status: 'in_progress',
      runner_name: 'prod-1',
      started_at: '2026-01-02T03:02:00Z',
    });
    expect(job?.created_at).toBe('2026-01-02T03:00:00Z');
    const run = (await gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data;
    expect(run).toMatchObject({ status: 'in_progress', event: 'workflow_dispatch', head_branch: 'main' });
    fake.actions.finishJob(job!.id, 'success');
    const done = (await gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data;
    expect([done.status, done.conclusion]).toEqual(['completed', 'success']);
    const runners = (await gh.rest.actions.listSelfHostedRunnersForRepo(repo)).data.runners;
    expect(runners.find((r) => r.name === 'prod-1')?.busy).toBe(false);
  });

  it('gives organisation runners jobs of the organisation repositories', async () => {
    fake.actions.setRunner('org-dr-1', { status: 'online' });
    const runId = await dispatch(['self-hosted', 'prod-dr']);
    expect((await jobsOf(runId))[0]?.runner_name).toBe('org-dr-1');
    fake.actions.setRunner('org-dr-1', { status: 'offline' });
    const [job] = await jobsOf(runId);
    // A runner that goes away fails the job it was running.
    expect([job?.status, job?.conclusion]).toEqual(['completed', 'failure']);
  });

  it('runs a job without runner_labels on a GitHub-hosted runner, and 204s without return_run_details', async () => {
    const res = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'deploy.yml',
      ref: 'main',
    });
    expect(res.status).toBe(204);
    const runs = (await gh.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'deploy.yml' })).data;
    const newest = runs.workflow_runs[0]!;
    expect(runs.workflow_runs.map((r) => r.id)).toEqual(
      [...runs.workflow_runs.map((r) => r.id)].sort((a, b) => b - a),
    );
    const [job] = await jobsOf(newest.id);
    expect(job).toMatchObject({
      status: 'in_progress',
      labels: ['ubuntu-latest'],
      runner_name: 'GitHub Actions 1',
    });
  });

  it('refuses an unknown workflow, ref or malformed runner_labels', async () => {
    expect(
      await status(gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'nope.yml', ref: 'main' })),
    ).toBe(404);
    expect(
      await status(
        gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'deploy.yml', ref: 'gone' }),
      ),
    ).toBe(422);
    expect(
      await status(
        gh.rest.actions.createWorkflowDispatch({
          ...repo,
          workflow_id: 'deploy.yml',
          ref: 'main',
          inputs: { runner_labels: 'prod' },
        }),
      ),
    ).toBe(422);
  });

  it('cancels a queued run (its job too), and a completed one is a 409', async () => {
    const runId = await dispatch(['self-hosted', 'nowhere']);
    expect((await gh.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId })).status).toBe(202);
    const [job] = await jobsOf(runId);
    expect([job?.status, job?.conclusion]).toEqual(['completed', 'cancelled']);
    expect(await status(gh.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId }))).toBe(409);
  });

  it('filters runs by event and pages them', async () => {
    const all = await gh.paginate(gh.rest.actions.listWorkflowRuns, {
      ...repo,
      workflow_id: 'deploy.yml',
      event: 'workflow_dispatch',
      per_page: 2,
    });
    expect(all.length).toBe(fake.state.actions.runs.length);
    const none = await gh.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: 'deploy.yml',
      event: 'push',
    });
    expect(none.data.total_count).toBe(0);
  });
});

describe('fake GitHub: deployments', () => {
  it('creates a deployment and its statuses, and lists them newest first', async () => {
    const d = await gh.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'prod',
      description: 'deploy 1',
      required_contexts: [],
      auto_merge: false,
    });
    expect(d.status).toBe(201);
    const id = (d.data as { id: number }).id;
    await gh.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, state: 'in_progress' });
    await gh.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
      log_url: 'https://example.com/log',
    });
    const st = await gh.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expect(st.data.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(st.data[0]?.log_url).toBe('https://example.com/log');
    const list = await gh.rest.repos.listDeployments({ ...repo, environment: 'prod' });
    expect(list.data.map((x) => x.id)).toEqual([id]);
  });

  it('refuses a deployment whose commit statuses are not green unless told to skip them', async () => {
    const head = (await gh.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await gh.rest.repos.createCommitStatus({ ...repo, sha: head, state: 'failure', context: 'ci' });
    expect(await status(gh.rest.repos.createDeployment({ ...repo, ref: 'main', environment: 'prod' }))).toBe(
      409,
    );
    const ok = await gh.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'prod',
      required_contexts: [],
    });
    expect(ok.status).toBe(201);
  });
});
