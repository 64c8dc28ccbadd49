import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/index.js';
import { fakeOctokit } from '../fakes/github/octokit.js';
import { BIN, cli, cliAsync, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';

const _EX = join(ROOT, 'examples/seed-000');

// Seed 000 Part 4 against GitHub: the CLI as a subprocess, talking to the OpenAPI-checked fake.
describe('plan, next and implement on the GitHub forge (fake GitHub)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  });
  afterAll(() => fake.close());

  it('creates #1–#4 with #4 blocked by #2 and #3, re-plans with no write, and names #2 next', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(join(repo, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const before = fake.calls.filter((c) => c.method !== 'GET').length;
    const plan = await cliAsync(['plan'], { cwd: repo, env });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
    const writes = fake.calls.filter((c) => c.method !== 'GET').length;
    // 3 labels, 4 issues, 3 sub-issue links, 2 blocked-by links: the minimum.
    expect(writes - before).toBe(12);
    const again = JSON.parse((await cliAsync(['plan', '--json'], { cwd: repo, env })).stdout);
    expect(again.writes).toBe(0);
    expect(fake.calls.filter((c) => c.method !== 'GET').length).toBe(writes);
    expect((await cliAsync(['next'], { cwd: repo, env })).stdout).toContain('#2 [REQ] Auto-Scaling');
    const impl = await cliAsync(['implement', '--json'], { cwd: repo, env });
    expect(impl.stderr).toBe('');
    expect(JSON.parse(impl.stdout)).toMatchObject({
      issue: 2,
      branch: 'implement/issue-2-auto-scaling',
      created: true,
      pullRequest: {
        number: 5,
        title: 'Implement #2: Auto-Scaling',
        draft: true,
        head: 'implement/issue-2-auto-scaling',
        base: 'main',
      },
    });
    const head = await fakeOctokit(fake).rest.git.getRef({
      owner: 'github',
      repo: 'runner-infra',
      ref: 'heads/implement/issue-2-auto-scaling',
    });
    const commit = await fakeOctokit(fake).rest.git.getCommit({
      owner: 'github',
      repo: 'runner-infra',
      commit_sha: head.data.object.sha,
    });
    expect(commit.data.message).toContain('Resolves #2');
    const again2 = JSON.parse((await cliAsync(['implement', '2', '--json'], { cwd: repo, env })).stdout);
    expect(again2).toMatchObject({ created: false, pullRequest: { number: 5 } });
    // Back in the decisions workspace, the spec's implementation follows the issues on GitHub.
    const sync = JSON.parse((await cliAsync(['sync', 'SPEC-0001', '--json'], { cwd: ws, env })).stdout);
    expect(sync).toMatchObject({
      repo: 'github/runner-infra',
      from: 'planned',
      to: 'in-progress',
      changed: true,
    });
    const merge = await cliAsync(['pr', 'merge', '5'], { cwd: repo, env });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('pr/not-local');
    expect(merge.stderr).toContain('gh pr merge 5');
    for (const n of ['2', '3', '4'])
      expect((await cliAsync(['issue', 'close', n], { cwd: repo, env })).code).toBe(0);
    const done = JSON.parse((await cliAsync(['sync', 'SPEC-0001', '--json'], { cwd: ws, env })).stdout);
    expect(done).toMatchObject({
      to: 'complete',
      requirements: { issues: 3, closed: 3, open: [] },
      allComplete: true,
    });
    expect(cli(['status', 'SPEC-0001', 'approved'], { cwd: ws }).code).toBe(0);
    expect(cli(['status', 'SPEC-0001', 'implemented'], { cwd: ws }).code).toBe(0);
    expect(fake.violations).toEqual([]);
    const noToken = await cliAsync(['plan'], {
      cwd: repo,
      env: { ...env, GITHUB_TOKEN: '', PATH: '/nonexistent' },
    });
    expect(noToken.code).toBe(4);
    expect(noToken.stderr).toContain('forge/unauthorized');
  }, 120_000);

  // On GitHub the issues themselves, found by their hidden markers, are the only record: a fresh
  // checkout elsewhere, with nothing local but the spec, plans the same repository without a write.
  it('re-plans from a checkout without any local state and creates nothing', async () => {
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'elsewhere', auto_init: true });
    const ws = seedWorkspace();
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    const checkouts = [join(tempDir(), 'elsewhere'), join(tempDir(), 'elsewhere')];
    for (const dir of checkouts) {
      expect(cli(['bootstrap', 'SPEC-0001', '--dir', dir], { cwd: ws }).code).toBe(0);
      writeFileSync(join(dir, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/elsewhere\n');
    }
    const first = JSON.parse((await cliAsync(['plan', '--json'], { cwd: checkouts[0]!, env })).stdout);
    expect(first.rows.map((r: { action: string }) => r.action)).toEqual([
      'create',
      'create',
      'create',
      'create',
    ]);
    rmSync(join(checkouts[0]!, '.papertrail'), { recursive: true, force: true });
    for (const dir of checkouts) {
      const again = JSON.parse((await cliAsync(['plan', '--json'], { cwd: dir, env })).stdout);
      expect(again.writes).toBe(0);
      expect(again.rows.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4]);
    }
    const issues = await fakeOctokit(fake).rest.issues.listForRepo({
      owner: 'github',
      repo: 'elsewhere',
      state: 'all',
    });
    expect(issues.data).toHaveLength(4);
  });
});

// Re-plans from the CLI: links the spec dropped go, the ETag cache outlives the process, and a
// GitHub Enterprise Server without sub-issues gets a task list instead.
describe('re-planning on GitHub across runs (fake GitHub)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github' });
  });
  afterAll(() => fake.close());

  async function planned(name: string) {
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name, auto_init: true });
    const ws = seedWorkspace();
    const repo = join(tempDir(), name);
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(join(repo, 'papertrail.yaml'), `version: 1\nforge: github\nrepo: github/${name}\n`);
    const env = { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url, PAPERTRAIL_GITHUB_PACE: '0' };
    return { repo, env };
  }

  it('removes the "blocked by" link a spec dropped; a dry run first only predicts it', async () => {
    const { repo, env } = await planned('unlink');
    expect((await cliAsync(['plan'], { cwd: repo, env })).code).toBe(0);
    // A person's link from a plan issue to an issue outside the plan stays.
    const o = fakeOctokit(fake);
    const r = { owner: 'github', repo: 'unlink' };
    const outside = await o.rest.issues.create({ ...r, title: 'Outside the plan' });
    await o.request('POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
      ...r,
      issue_number: 4,
      issue_id: outside.data.id,
    });
    const specFile = join(repo, '.github/spec/spec.md');
    writeFileSync(
      specFile,
      readFileSync(specFile, 'utf8').replace(/(\*\*Depends on:\*\* Auto-Scaling), Security Isolation/, '$1'),
    );
    const blockers = async () =>
      (
        await o.request('GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
          ...r,
          issue_number: 4,
        })
      ).data
        .map((i: { number: number }) => i.number)
        .sort((a: number, b: number) => a - b);
    const writes = () => fake.calls.filter((c) => c.method !== 'GET').length;
    const before = writes();
    const dry = await cliAsync(['plan', '--dry-run'], { cwd: repo, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would remove "blocked by" links the spec no longer has: #4 blocked by #3.');
    expect(writes()).toBe(before);
    expect(await blockers()).toEqual([2, 3, outside.data.number]);
    const real = await cliAsync(['plan', '--json'], { cwd: repo, env });
    expect(JSON.parse(real.stdout).links.removed).toEqual([{ issue: 4, blocker: 3 }]);
    const deletes = fake.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => [c.path, c.status])).toEqual([
      [`/repos/github/unlink/issues/4/dependencies/blocked_by/${await idOf(3)}`, 200],
    ]);
    expect(await blockers()).toEqual([2, outside.data.number]);
    expect(JSON.parse((await cliAsync(['plan', '--json'], { cwd: repo, env })).stdout).writes).toBe(0);
    expect(fake.violations).toEqual([]);

    async function idOf(n: number) {
      return (await o.rest.issues.get({ ...r, issue_number: n })).data.id;
    }
  }, 60_000);

  it('says the ETags were not kept after what plan, next and implement print, as it always has', async () => {
    const { repo, env } = await planned('etags-lost');
    // A folder where the cache file goes: the cache cannot be kept, and each command still succeeds.
    mkdirSync(join(repo, '.papertrail/cache/github-etags-v1.json'), { recursive: true });
    const note = "note: could not keep GitHub's ETags for the next run:";
    for (const [args, last] of [
      [['plan'], 'Next: "papertrail next" names the first issue that is not blocked.'],
      [['next'], 'Next: papertrail implement 2'],
      [['implement'], 'Draft PR #5: Implement #2: Auto-Scaling'],
    ] as const) {
      const r = await cliOneStream([...args], { cwd: repo, env });
      expect(r.code, r.output).toBe(0);
      expect(r.output.indexOf(note), r.output).toBeGreaterThan(r.output.indexOf(last));
      expect(r.output).toContain(last);
    }
  }, 60_000);

  it('keeps the ETag cache between processes: a second plan reads conditionally and gets 304s', async () => {
    const { repo, env } = await planned('etags');
    const file = join(repo, '.papertrail/cache/github-etags-v1.json');
    const dry = await cliAsync(['plan', '--dry-run'], { cwd: repo, env });
    expect(dry.code).toBe(0);
    // A dry run does not write the cache.
    expect(existsSync(file)).toBe(false);
    expect((await cliAsync(['plan'], { cwd: repo, env })).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(fake.token);
    const reads = (from: number) => fake.calls.slice(from).filter((c) => c.method === 'GET');
    let mark = fake.calls.length;
    expect(JSON.parse((await cliAsync(['plan', '--json'], { cwd: repo, env })).stdout).writes).toBe(0);
    // Every read of the second process is conditional (the first one's writes changed what it read)...
    expect(reads(mark).length).toBeGreaterThan(0);
    expect(reads(mark).every((c) => c.conditional)).toBe(true);
    // ...and a third process, after a run that changed nothing, gets nothing but 304s.
    mark = fake.calls.length;
    expect(JSON.parse((await cliAsync(['plan', '--json'], { cwd: repo, env })).stdout).writes).toBe(0);
    expect(reads(mark).map((c) => [c.conditional, c.status])).toEqual(reads(mark).map(() => [true, 304]));

    // Two plans at once leave a whole file; a corrupt file is ignored and replaced.
    const both = await Promise.all([0, 1].map(() => cliAsync(['plan', '--json'], { cwd: repo, env })));
    expect(both.map((b) => b.code)).toEqual([0, 0]);
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    writeFileSync(file, '{"format":1,"salt":"x","partitions":{"a":[[1,');
    const afterCorrupt = await cliAsync(['plan', '--json'], { cwd: repo, env });
    expect(afterCorrupt.code).toBe(0);
    expect(afterCorrupt.stderr).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(1);
    mark = fake.calls.length;
    expect((await cliAsync(['plan'], { cwd: repo, env })).code).toBe(0);
    expect(reads(mark).every((c) => c.conditional && c.status === 304)).toBe(true);
    expect(fake.violations).toEqual([]);
  }, 90_000);
});

/** The CLI with its stdout and stderr in one file, in the order it wrote them, as a terminal shows them. */
function cliOneStream(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ code: number; output: string }> {
  const file = join(tempDir(), 'output');
  const fd = openSync(file, 'w');
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1', ...opts.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    p.on('close', (code) => resolve({ code: code ?? -1, output: readFileSync(file, 'utf8') }));
  });
}

describe('plan on GitHub Enterprise Server 3.19, which has no sub-issues (fake GHES)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub({ login: 'github', spec: 'ghes-3.19' });
    await fakeOctokit(fake).rest.repos.createForAuthenticatedUser({ name: 'runner-infra', auto_init: true });
  });
  afterAll(() => fake.close());

  it('succeeds every run with a task list in the tracking issue, says so once, and creates no duplicate', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    writeFileSync(join(repo, 'papertrail.yaml'), 'version: 1\nforge: github\nrepo: github/runner-infra\n');
    const env = {
      GITHUB_TOKEN: fake.token,
      GITHUB_API_URL: `${fake.url}/api/v3`,
      PAPERTRAIL_GITHUB_PACE: '0',
    };
    const note = 'note: this GitHub server has no sub-issues';
    for (const run of [1, 2]) {
      const plan = await cliAsync(['plan'], { cwd: repo, env });
      expect(plan.code, `run ${run}: ${plan.stderr}`).toBe(0);
      expect(plan.stderr.split(note)).toHaveLength(2);
      expect(plan.stdout).toContain('| 4 | [REQ] Monitoring | Requirement | #2, #3 |');
    }
    const again = await cliAsync(['plan', '--json'], { cwd: repo, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ writes: 0, unsupported: ['sub-issues'] });
    const o = fakeOctokit(fake);
    const issues = await o.rest.issues.listForRepo({ owner: 'github', repo: 'runner-infra', state: 'all' });
    expect(issues.data.map((i) => i.number).sort()).toEqual([1, 2, 3, 4]);
    expect(issues.data.find((i) => i.number === 1)!.body).toContain(
      '- [ ] #2 [REQ] Auto-Scaling\n- [ ] #3 [REQ] Security Isolation\n- [ ] #4 [REQ] Monitoring',
    );
    expect(fake.calls.filter((c) => c.absent && c.method !== 'GET')).toEqual([]);
    expect(fake.violations).toEqual([]);
  }, 60_000);
});
