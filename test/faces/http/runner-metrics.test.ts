import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { repoWithRunners } from '../../fakes/github/octokit.js';

const quiet = { write: () => true };

// papertrail_runner_up on a served GitHub workspace: read at scrape from the runner listing, which is
// asked of GitHub once a minute however often Prometheus scrapes.
describe('serve: runner up/down on /metrics', () => {
  let fake: FakeGitHub | undefined;
  let s: Running | undefined;
  let root: string | undefined;
  const saved = { token: process.env.GITHUB_TOKEN, url: process.env.GITHUB_API_URL };

  afterEach(async () => {
    await s?.close();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    for (const [k, v] of [
      ['GITHUB_TOKEN', saved.token],
      ['GITHUB_API_URL', saved.url],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('exports each pool runner as 1 or 0, listing runners once for many scrapes', async () => {
    fake = await startFakeGitHub();
    await repoWithRunners(fake);
    root = mkdtempSync(join(tmpdir(), 'pt-runner-metrics-'));
    writeFileSync(
      join(root, 'papertrail.yaml'),
      'version: 1\nforge: github\nrepo: acme/svc\nenvironments:\n  prod:\n    runners:\n      primary: [self-hosted, prod]\n      secondary: [self-hosted, prod-dr]\n    deploy:\n      workflow: deploy.yml\n',
    );
    process.env.GITHUB_TOKEN = fake.token;
    process.env.GITHUB_API_URL = fake.url;
    s = await startServer({ root, port: 0, log: quiet as never });
    const scrape = async () => (await fetch(`${s!.url}/metrics`)).text();
    const first = await scrape();
    expect(first).toContain('papertrail_runner_up{environment="prod",pool="primary",runner="prod-1"} 1');
    expect(first).toContain('papertrail_runner_up{environment="prod",pool="primary",runner="prod-2"} 0');
    expect(first).toContain('papertrail_runner_up{environment="prod",pool="secondary",runner="dr-1"} 1');
    for (let i = 0; i < 5; i++) await scrape();
    const listings = fake.calls.filter((c) => c.path.endsWith('/actions/runners'));
    expect(listings.map((c) => c.path)).toEqual([
      '/repos/acme/svc/actions/runners',
      '/orgs/acme/actions/runners',
    ]);
    expect(fake.violations).toEqual([]);
  }, 60_000);
});
