import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { cliAsync, tempDir } from '../helpers/cli.js';

// Deploys by workflow on GitHub (the OpenAPI-checked fake), through the CLI: the primary runners are
// offline, so the job fails over to the pre-approved secondary pool and succeeds there; without a
// secondary pool, a job that waited past pickupMinutes fails fast with the diagnosis.

delete process.env.DATABASE_URL;

// The fake's clock runs this far behind: a job it creates has already waited that long.
let lagMs = 0;

function workspace(environments: string): string {
  const root = join(tempDir(), 'svc');
  mkdirSync(root, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ana');
  git('config', 'user.email', 'ana@example.com');
  writeFileSync(
    join(root, 'papertrail.yaml'),
    `version: 1\nforge: github\nrepo: acme/svc\nenvironments:\n${environments}`,
  );
  writeFileSync(join(root, '.gitignore'), '.papertrail/\n');
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  return root;
}

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
  afterAll(() => fake.close());

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
    fake.actions.addRunner({ repo: 'acme/svc', name: 'prod-1', labels: ['self-hosted', 'prod'], status: 'offline' });
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
    expect(failover.message).toContain('the primary pool is down, failing over to the pre-approved secondary pool');
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
      const r = await cliAsync(['ops', 'start', 'deploy', '--input', 'environment=prod', '--json'], { cwd, env });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.run.errorMessage).toMatch(/has waited 2m of 1m for a runner with \[self-hosted, prod\]/);
      expect(out.run.errorMessage).toMatch(/the environment has no pre-approved secondary pool/);
      expect(out.run.errorMessage).toMatch(/all busy \(prod-2\)/);
      const last = fake.actions.world.jobs.at(-1)!;
      expect([last.conclusion, last.runnerName]).toEqual(['cancelled', null]);
      expect(fake.violations).toEqual([]);
    } finally {
      lagMs = 0;
    }
  }, 120_000);
});
