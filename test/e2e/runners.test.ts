import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { repoWithRunners } from '../fakes/github/octokit.js';
import { cli, cliAsync, tempDir } from '../helpers/cli.js';

const ENVIRONMENTS = `environments:
  prod:
    runners:
      primary: [self-hosted, prod]
      secondary: [self-hosted, prod-dr]
      controls: [same VPC, same secrets scope]
    pickupMinutes: 3
    deploy:
      workflow: deploy.yml
  staging:
    runners:
      primary: [self-hosted, staging]
    deploy:
      workflow: deploy.yml
`;

describe('runners status on GitHub (fake GitHub)', () => {
  let fake: FakeGitHub;
  let ws: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    await repoWithRunners(fake);
    ws = tempDir();
    writeFileSync(join(ws, 'papertrail.yaml'), `version: 1\nforge: github\nrepo: acme/svc\n${ENVIRONMENTS}`);
    env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
  });

  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });

  it('prints each pool with its runners and a verdict', async () => {
    const r = await cliAsync(['runners', 'status'], { cwd: ws, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'prod: deploy by workflow deploy.yml, pickup within 3m; shared controls: same VPC, same secrets scope',
    );
    expect(r.stdout).toContain('primary [self-hosted, prod]: degraded (0 idle, 1 busy, 1 offline)');
    expect(r.stdout).toMatch(/prod-1\s+repo\s+online\s+yes\s+self-hosted, linux, prod/);
    expect(r.stdout).toMatch(/prod-2\s+repo\s+offline\s+no/);
    expect(r.stdout).toContain('secondary [self-hosted, prod-dr]: ready (1 idle, 0 busy, 0 offline)');
    expect(r.stdout).toMatch(/dr-1\s+org\s+online\s+no/);
    expect(r.stdout).toContain('primary [self-hosted, staging]: down (no runner carries these labels)');
    expect(r.stdout).toContain('secondary: none pre-approved');
  });

  it('gives one environment as JSON', async () => {
    const r = await cliAsync(['runners', 'status', '--env', 'prod', '--json'], { cwd: ws, env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, forge: 'github', repo: 'acme/svc' });
    expect(out.environments.map((e: { name: string }) => e.name)).toEqual(['prod']);
    expect(out.environments[0].primary.verdict).toBe('degraded');
    expect(out.environments[0].secondary.runners).toEqual([
      { name: 'dr-1', scope: 'organization', state: 'idle', labels: ['self-hosted', 'prod-dr'] },
    ]);
  });

  it('refuses a bad token with a hint, showing no secret', async () => {
    const r = await cliAsync(['runners', 'status'], {
      cwd: ws,
      env: { ...env, GITHUB_TOKEN: 'ghp_wrongwrongwrongwrongwrongwrongwrong1' },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('forge/unauthorized');
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toContain('ghp_wrong');
  });
});

describe('runners status on the local forge', () => {
  it('says deploys run their commands here, and refuses an unknown environment', () => {
    const ws = tempDir();
    writeFileSync(
      join(ws, 'papertrail.yaml'),
      'version: 1\nrepo: acme/svc\nenvironments:\n  prod:\n    deploy:\n      command: ./deploy.sh prod\n',
    );
    const r = cli(['runners', 'status'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Local forge: deploys run their commands here');
    expect(r.stdout).toContain('prod: deploy by command `./deploy.sh prod`');
    const bad = cli(['runners', 'status', '--env', 'qa'], { cwd: ws });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('deploy/unknown-environment');
    expect(bad.stderr).toContain('Known environments: prod.');
  });

  it('says so when there are no environments', () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\nrepo: acme/svc\n');
    const r = cli(['runners', 'status'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No environments in papertrail.yaml');
  });
});
