import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { gitWorkspace } from '../helpers/git-workspace.js';

// A deploy from the terminal, through the built CLI, with a command deploy: one that passes its health
// check, and one that fails and is rolled back, its output printing a token that is shown nowhere.

delete process.env.DATABASE_URL;

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

const workspace = () =>
  gitWorkspace(
    'shop',
    `version: 1
repo: acme/shop
environments:
  staging:
    approval: never
    deploy: { command: 'echo "deploying $PT_DEPLOY_REF"; echo "token=$GITHUB_TOKEN"; test "$PT_DEPLOY_REF" != bad' }
    rollback: { command: 'echo "rolled back $PT_DEPLOY_REF" > rolled-back.txt' }
    health:
      - { name: smoke, command: 'test -f papertrail.yaml', timeoutSeconds: 10 }
`,
    '.papertrail/\nrolled-back.txt\n',
  );

describe('papertrail ops start deploy', () => {
  it('deploys with a command, checks health, and rolls a failed deploy back without showing a secret', () => {
    const cwd = workspace();
    const opts = { cwd, env: { PAPERTRAIL_ACTOR: 'Ana', GITHUB_TOKEN: TOKEN } };
    const good = cli(['ops', 'start', 'deploy', '--input', 'environment=staging', '--input', 'ref=v1'], opts);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('deploy: Queued to deploy v1 to staging');
    expect(good.stdout).toContain('stdout: deploying v1');
    expect(good.stdout).toContain('deploy: Health check smoke: ok');
    expect(good.stdout).toMatch(/Run [0-9a-f]{8} deploy in staging: success/);

    const bad = cli(
      ['ops', 'start', 'deploy', '--input', 'environment=staging', '--input', 'ref=bad', '--json'],
      opts,
    );
    expect(bad.code).toBe(1);
    const r = JSON.parse(bad.stdout);
    expect(r.plan.deploys).toEqual([{ environment: 'staging', ref: 'bad', approval: 'never' }]);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toBe('deploy command exit code 1; rolled back');
    expect(execFileSync('cat', ['rolled-back.txt'], { cwd, encoding: 'utf8' })).toBe('rolled back bad\n');
    const shown = cli(['ops', 'show', r.run.short, '--json'], opts);
    expect(shown.stdout).toContain('token=[REDACTED]');
    for (const out of [good.stdout, bad.stdout, shown.stdout, good.stderr, bad.stderr])
      expect(out).not.toContain(TOKEN);

    const unknown = cli(['ops', 'start', 'deploy', '--input', 'environment=prod'], opts);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('deploy/unknown-environment');
    expect(unknown.stderr).toContain('Configured under environments: in papertrail.yaml: staging.');
  }, 120_000);
});
