import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { cli, seedWorkspace, tempDir } from '../../helpers/cli.js';
import { mcpSession } from '../../helpers/mcp.js';

// The MCP server opens the forge per call: the ETag cache kept in the workspace is what makes a
// re-plan from an assistant conditional, and on a GitHub Enterprise Server without sub-issues the
// tool's answer says what plan did instead.
describe('plan through the MCP server on GitHub (fake GitHub)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github', spec: 'ghes-3.19' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  });
  afterAll(() => fake.close());

  it('re-plans with conditional reads only, and names the missing sub-issues in notices', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(join(repo, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    const s = await mcpSession(repo, {
      GITHUB_TOKEN: fake.token,
      GITHUB_API_URL: `${fake.url}/api/v3`,
      PAPERTRAIL_GITHUB_PACE: '0',
    });
    try {
      const first = await s.ok('plan');
      expect(first.unsupported).toEqual(['sub-issues']);
      expect(first.notices).toEqual([expect.stringContaining('has no sub-issues')]);
      expect((await s.ok('plan')).writes).toBe(0);
      const mark = fake.calls.length;
      expect((await s.ok('plan')).writes).toBe(0);
      // The sub-issue endpoint's 404 is never cached; every other read is a 304.
      const reads = fake.calls.slice(mark).filter((c) => !c.absent);
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.map((c) => [c.method, c.conditional, c.status])).toEqual(
        reads.map(() => ['GET', true, 304]),
      );
      expect(fake.violations).toEqual([]);
    } finally {
      await s.close();
    }
  }, 90_000);
});
