import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cliAsync } from '../helpers/cli.js';
import { gitWorkspace } from '../helpers/git-workspace.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

// Deploys by workflow on GitHub (the OpenAPI-checked fake), through the CLI: the primary runners are
// offline, so the job fails over to the pre-approved secondary pool and succeeds there; without a
// secondary pool, a job that waited past pickupMinutes fails fast with the diagnosis.

delete process.env.DATABASE_URL;
const pgOk = await postgresAvailable('deploys from two processes [postgres]');

// The fake's clock runs this far behind: a job it creates has already waited that long.
let lagMs = 0;

const workspace = (environments: string) =>
  gitWorkspace('svc', `version: 1\nforge: github\nrepo: acme/svc\nenvironments:\n${environments}`);

describe('deploys by workflow on GitHub (fake GitHub)', () => {
  let fake: FakeGitHub;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeGitHub({ now: () => new Date(Date.now() - lagMs) });
    await fakeOctokit(fake).rest.repos.createInOrg({ org: 'acme', name: 'svc', auto_init: true });
    fake.actions.addWorkflow('acme/svc', 'deploy.yml', 'Deploy');
    env = {
      GITHUB_TOKEN: fake.token,
      GITHUB_API_URL: fake.url,
      PAPERTRAIL_GITHUB_PACE: '0',
      PAPERTRAIL_DEPLOY_POLL: '0.05',
      PAPERTRAIL_ACTOR: 'Ana',
    };
  });
  afterAll(async () => {
    await fake.close();
    await dropTestDatabases();
  });

  /** Finishes, as a runner would, each job that a runner of `names` has picked up, while `until` runs. */
  function runJobs(names: string[], until: Promise<unknown>) {
    let done = false;
    void until.finally(() => {
      done = true;
    });
    return (async () => {
      while (!done) {
        for (const j of fake.actions.world.jobs)
          if (j.status === 'in_progress' && names.includes(j.runnerName ?? ''))
            fake.actions.finishJob(j.id, 'success');
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  }

  it('primary runners offline: fails over to the secondary pool within pickupMinutes and succeeds', async () => {
    fake.actions.addRunner({
      repo: 'acme/svc',
      name: 'prod-1',
      labels: ['self-hosted', 'prod'],
      status: 'offline',
    });
    fake.actions.addRunner({ org: 'acme', name: 'dr-1', labels: ['self-hosted', 'prod-dr'] });
    fake.actions.addRunner({ repo: 'acme/svc', name: 'other', labels: ['self-hosted', 'linux'] });
    const cwd = workspace(`  prod:
    approval: never
    runners: { primary: [self-hosted, prod], secondary: [self-hosted, prod-dr], controls: [sso] }
    pickupMinutes: 5
    deploy: { workflow: deploy.yml }
`);
    const started = Date.now();
    const run = cliAsync(['ops', 'start', 'deploy', '--input', 'environment=prod', '--json'], { cwd, env });
    await runJobs(['dr-1', 'other'], run);
    const r = await run;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5 * 60_000);
    const out = JSON.parse(r.stdout);
    expect(out.run.status).toBe('success');
    const jobs = fake.actions.world.jobs;
    expect(jobs.map((j) => [j.labels, j.conclusion, j.runnerName])).toEqual([
      [['self-hosted', 'prod'], 'cancelled', null],
      [['self-hosted', 'prod-dr'], 'success', 'dr-1'],
    ]);
    const runs = fake.actions.world.runs;
    expect(runs.every((x) => x.repo === 'acme/svc')).toBe(true);
    const [dep] = fake.actions.world.deployments;
    expect(dep).toMatchObject({ environment: 'prod', ref: 'main' });
    expect(dep!.statuses.map((s) => s.state).sort()).toEqual(['in_progress', 'success']);
    const shown = JSON.parse((await cliAsync(['ops', 'show', out.run.short, '--json'], { cwd, env })).stdout);
    const failover = shown.events.find((e: { message: string }) => e.message.startsWith('Failover after'));
    expect(failover.message).toContain(
      'the primary pool is down, failing over to the pre-approved secondary pool',
    );
    expect(shown.gates.map((g: { name: string; status: string }) => [g.name, g.status])).toEqual([
      ['Preflight: constitution', 'skipped'],
      ['Preflight: runners', 'pass'],
    ]);
    expect(fake.violations).toEqual([]);
    fake.actions.removeRunner('prod-1');
    fake.actions.removeRunner('dr-1');
    fake.actions.removeRunner('other');
  }, 120_000);

  it('no secondary pool: a job that waited past pickupMinutes fails fast with the diagnosis', async () => {
    fake.actions.addRunner({ repo: 'acme/svc', name: 'prod-2', labels: ['self-hosted', 'prod'], busy: true });
    const cwd = workspace(`  prod:
    approval: never
    runners: { primary: [self-hosted, prod] }
    pickupMinutes: 1
    deploy: { workflow: deploy.yml }
`);
    lagMs = 2 * 60_000;
    try {
      const r = await cliAsync(['ops', 'start', 'deploy', '--input', 'environment=prod', '--json'], {
        cwd,
        env,
      });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.run.errorMessage).toMatch(
        /has waited 2m( \d+s)? of 1m for a runner with \[self-hosted, prod\]/,
      );
      expect(out.run.errorMessage).toMatch(/the environment has no pre-approved secondary pool/);
      expect(out.run.errorMessage).toMatch(/all busy \(prod-2\)/);
      const last = fake.actions.world.jobs.at(-1)!;
      expect([last.conclusion, last.runnerName]).toEqual(['cancelled', null]);
      expect(fake.violations).toEqual([]);
    } finally {
      lagMs = 0;
    }
  }, 120_000);

  // Two processes share the deploy queue through Postgres (the embedded store admits one process).
  it.skipIf(!pgOk)(
    'two deploys started together from two processes run one after the other; a failing one rolls back',
    async () => {
      fake.actions.addWorkflow('acme/svc', 'rollback.yml', 'Rollback');
      fake.actions.addRunner({ repo: 'acme/svc', name: 'prod-3', labels: ['self-hosted', 'prod'] });
      const cwd = workspace(`  prod:
    approval: never
    runners: { primary: [self-hosted, prod] }
    deploy: { workflow: deploy.yml }
    rollback: { workflow: rollback.yml }
`);
      const db = await createTestDatabase();
      const penv = { ...env, DATABASE_URL: db.url };
      const before = fake.actions.world.jobs.length;
      const start = (ref: string) =>
        cliAsync(
          ['ops', 'start', 'deploy', '--input', 'environment=prod', '--input', `ref=${ref}`, '--json'],
          {
            cwd,
            env: penv,
          },
        );
      const both = Promise.all([start('main'), start('main')]);
      // The runner: the first deploy job fails, everything after it succeeds.
      let first = true;
      let done = false;
      void both.finally(() => {
        done = true;
      });
      while (!done) {
        for (const j of fake.actions.world.jobs.slice(before))
          if (j.status === 'in_progress') {
            fake.actions.finishJob(j.id, first ? 'failure' : 'success');
            first = false;
          }
        await new Promise((r) => setTimeout(r, 20));
      }
      const [a, b] = (await both).map((r) => JSON.parse(r.stdout));
      const jobs = fake.actions.world.jobs.slice(before);
      const runOf = (jobRun: number) => fake.actions.world.runs.find((r) => r.id === jobRun)!;
      const seen = jobs.map((j) => [
        fake.actions.world.workflows.find((w) => w.id === runOf(j.runId).workflowId)!.file,
        j.conclusion,
      ]);
      expect(seen).toEqual([
        ['deploy.yml', 'failure'],
        ['rollback.yml', 'success'],
        ['deploy.yml', 'success'],
      ]);
      // One after the other: each job was created after the one before it had finished.
      for (let i = 1; i < jobs.length; i++)
        expect(Date.parse(jobs[i]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1]!.completedAt!));
      const firstRun = runOf(jobs[0]!.runId).inputs.run;
      const [failed, passed] = a.run.id === firstRun ? [a, b] : [b, a];
      expect(failed.run.errorMessage).toMatch(/ended failure; rolled back$/);
      expect(passed.run.status).toBe('success');
      expect(runOf(jobs[2]!.runId).inputs.run).toBe(passed.run.id);
      const shown = JSON.parse(
        (await cliAsync(['ops', 'show', passed.run.short, '--json'], { cwd, env: penv })).stdout,
      );
      expect(
        shown.events.some((e: { message: string }) => e.message.startsWith('Waiting for 1 earlier deploy')),
      ).toBe(true);
      expect(fake.violations).toEqual([]);
    },
    120_000,
  );
});
