import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { BIN, cli, cliAsync, plannedRepo, tempDir } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

const json = (r: { code: number; stdout: string; stderr: string }, code = 0) => {
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout);
};

// Seed 000's runner-infra after `implement`: pull request #5 on the local forge gets CI checks that
// are commands run and recorded, and `checks list` gives the CI gate's verdict.
describe('checks run and checks list on the local forge', () => {
  it('records passing and failing commands, lists the latest of each, and the gate fails', () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).stdout).toContain('Draft PR #5');

    const ok = cli(['checks', 'run', 'test', '--pr', '5', '--', 'echo', 'it works'], { cwd: repo });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('it works\n');
    expect(ok.stdout).toMatch(
      /Check test on #5 implement\/issue-2-auto-scaling@[0-9a-f]{7}: success \(exit 0\)/,
    );

    // --json: the command's own output goes to stderr, so stdout is the JSON alone.
    const bad = json(
      cli(['checks', 'run', 'lint', '--pr', '5', '--json', '--', 'echo nope; exit 2'], { cwd: repo }),
      1,
    );
    expect(bad).toMatchObject({
      ok: false,
      name: 'lint',
      pr: 5,
      conclusion: 'failure',
      exitCode: 2,
      outputTail: 'nope\n',
    });

    const listed = json(cli(['checks', 'list', '--pr', '5', '--json'], { cwd: repo }));
    expect(listed.checks.map((c: { name: string; conclusion: string }) => [c.name, c.conclusion])).toEqual([
      ['lint', 'failure'],
      ['test', 'success'],
    ]);
    expect(listed.gate).toEqual({ status: 'fail', reasons: ['lint: failure'] });

    const dry = cli(['checks', 'run', 'lint', '--pr', '5', '--dry-run', '--', 'touch ran'], { cwd: repo });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /^Would run check lint on #5 implement\/issue-2-auto-scaling@[0-9a-f]{7}: touch ran \(dry run/,
    );
    expect(json(cli(['checks', 'list', '--pr', '5', '--json'], { cwd: repo })).checks).toEqual(listed.checks);
    expect(existsSync(join(repo, 'ran'))).toBe(false);
    expect(cli(['checks', 'run', 'lint', '--pr', '5', '--', 'true'], { cwd: repo }).code).toBe(0);
    const text = cli(['checks', 'list', '--pr', '5', '--require', 'lint,test,e2e'], { cwd: repo });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('CI gate: pending (e2e: not reported yet)');

    const none = cli(['checks', 'list', '--pr', '9'], { cwd: repo });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('checks/no-pr');
    const empty = cli(['checks', 'run', 'x', '--pr', '5', '--timeout', '0', '--', 'true'], { cwd: repo });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('checks/bad-timeout');
  });

  it('a run killed with SIGKILL shows in progress, the store stays free meanwhile, and a new run supersedes it', async () => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    const pidFile = join(repo, '.papertrail', 'check.pid');
    const p = spawn(
      process.execPath,
      [BIN, 'checks', 'run', 'slow', '--pr', '5', '--', `echo $$ > ${pidFile}; echo started; exec sleep 60`],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: '1' } },
    );
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise((r) => p.on('close', r));
    await until(() => out.includes('started'), 20_000);

    // The command runs outside any store session: another command reads the store meanwhile.
    const during = json(await cliAsync(['checks', 'list', '--pr', '5', '--json'], { cwd: repo }));
    expect(during.checks).toMatchObject([{ name: 'slow', status: 'in_progress', conclusion: null }]);

    p.kill('SIGKILL');
    await exited;
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');

    const left = json(cli(['checks', 'list', '--pr', '5', '--json'], { cwd: repo }));
    expect(left.checks).toMatchObject([{ name: 'slow', status: 'in_progress', conclusion: null }]);
    expect(left.gate).toEqual({ status: 'pending', reasons: ['slow: in_progress'] });

    expect(cli(['checks', 'run', 'slow', '--pr', '5', '--', 'true'], { cwd: repo }).code).toBe(0);
    const after = json(cli(['checks', 'list', '--pr', '5', '--json'], { cwd: repo }));
    expect(after.checks).toMatchObject([{ name: 'slow', status: 'completed', conclusion: 'success' }]);
    expect(after.gate.status).toBe('pass');
  });
});

describe('checks run interrupted', () => {
  it.each([
    'SIGINT',
    'SIGTERM',
  ] as const)('%s kills the command, records the run cancelled, and exits 128 + the signal', async (signal) => {
    const { repo } = plannedRepo();
    expect(cli(['implement'], { cwd: repo }).code).toBe(0);
    const p = spawn(
      process.execPath,
      [BIN, 'checks', 'run', 'slow', '--pr', '5', '--', 'echo started; sleep 60'],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', CI: '1' },
      },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    await until(() => out.includes('started'), 20_000);
    p.kill(signal);
    expect(await exited, err).toBe(signal === 'SIGINT' ? 130 : 143);
    const left = json(cli(['checks', 'list', '--pr', '5', '--json'], { cwd: repo }));
    expect(left.checks).toMatchObject([{ name: 'slow', status: 'completed', conclusion: 'cancelled' }]);
    expect(left.gate).toEqual({ status: 'fail', reasons: ['slow: cancelled'] });
  });
});

describe('checks on the GitHub forge (fake GitHub)', () => {
  it('lists check runs and statuses of a pull request, and checks run refuses there', async () => {
    const fake = await startFakeGitHub({ login: 'github' });
    try {
      const o = fakeOctokit(fake);
      const r = { owner: 'github', repo: 'runner-infra' };
      await o.rest.repos.createForAuthenticatedUser({ name: r.repo, auto_init: true });
      const main = (await o.rest.git.getRef({ ...r, ref: 'heads/main' })).data.object.sha;
      const tree = (await o.rest.git.getCommit({ ...r, commit_sha: main })).data.tree.sha;
      const x = await o.rest.git.createCommit({ ...r, message: 'x', tree, parents: [main] });
      await o.rest.git.createRef({ ...r, ref: 'refs/heads/feature', sha: x.data.sha });
      const pr = await o.rest.pulls.create({ ...r, title: 'F', head: 'feature', base: 'main' });
      await o.rest.checks.create({ ...r, name: 'build', head_sha: x.data.sha, conclusion: 'success' });
      await o.rest.repos.createCommitStatus({
        ...r,
        sha: x.data.sha,
        state: 'pending',
        context: 'ci/deploy',
      });

      const ws = tempDir();
      writeFileSync(join(ws, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
      const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
      const n = String(pr.data.number);
      const listed = json(await cliAsync(['checks', 'list', '--pr', n, '--json'], { cwd: ws, env }));
      expect(listed).toMatchObject({ pr: pr.data.number, ref: 'feature' });
      expect(
        listed.checks.map((c: { name: string; status: string; source: string }) => [
          c.name,
          c.status,
          c.source,
        ]),
      ).toEqual([
        ['build', 'completed', 'check-run'],
        ['ci/deploy', 'in_progress', 'status'],
      ]);
      expect(listed.gate).toEqual({ status: 'pending', reasons: ['ci/deploy: in_progress'] });

      const refused = await cliAsync(['checks', 'run', 'build', '--pr', n, '--', 'true'], { cwd: ws, env });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('checks/not-local');
      expect(refused.stderr).toContain('GitHub Actions');
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
