import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/app/workflow/plan/index.js';
import { desiredPlan } from '../../../src/domain/plan/index.js';
import {
  GitHubForge,
  type GitHubForgeOptions,
  type GitHubProgress,
} from '../../../src/ports/forge/github.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { SPEC as SEED_SPEC, spec as seedSpec } from '../../helpers/seed-spec.js';

// The GitHub adapter against the stateful fake: seed 000's plan, conditional re-plans, call counts,
// GitHub's failures as PtErrors, pull requests kept out of issue lists, and a GHES base URL.
const spec = seedSpec();

const REPO = { owner: 'github', repo: 'runner-infra' };
const ISSUES = '/repos/github/runner-infra/issues';
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake with github/runner-infra (main plus branch `x` one commit ahead) and a forge on it. */
async function setup(opts: Partial<GitHubForgeOptions> & { baseUrl?: string } = {}) {
  const f = await startFakeGitHub({ login: 'github' });
  fake = f;
  const o = fakeOctokit(f);
  await o.rest.repos.createForAuthenticatedUser({ name: REPO.repo, auto_init: true });
  const main = (await o.rest.git.getRef({ ...REPO, ref: 'heads/main' })).data.object.sha;
  const tree = (await o.rest.git.getCommit({ ...REPO, commit_sha: main })).data.tree.sha;
  const x = await o.rest.git.createCommit({ ...REPO, message: 'x', tree, parents: [main] });
  await o.rest.git.createRef({ ...REPO, ref: 'refs/heads/x', sha: x.data.sha });
  const progress: GitHubProgress[] = [];
  const forge = await GitHubForge.open({
    repo: 'github/runner-infra',
    token: f.token,
    baseUrl: f.url,
    paceWrites: false,
    retryAfterBaseMs: 1,
    onProgress: (e) => progress.push(e),
    ...opts,
  });
  return { fake: f, octokit: o, forge, progress, mark: () => f.calls.length };
}

const isWrite = (c: { method: string }) => c.method !== 'GET' && c.method !== 'HEAD';

describe('GitHubForge against the fake GitHub', () => {
  it('plans seed 000 with the minimum of calls, and a re-plan makes no write and only conditional reads', async () => {
    const { fake, forge, mark } = await setup();
    const start = mark();
    const r = await applyPlan(forge, desiredPlan(spec, []));
    const plan = fake.calls.slice(start, mark());
    expect(r.rows.map((x) => [x.number, x.title, x.blockedBy])).toEqual([
      [1, '[SPEC-0001] Runner Infrastructure', []],
      [2, '[REQ] Auto-Scaling', []],
      [3, '[REQ] Security Isolation', []],
      [4, '[REQ] Monitoring', [2, 3]],
    ]);
    expect(await forge.listBlockedBy(4)).toEqual([2, 3]);
    expect(await forge.listSubIssues(1)).toEqual([2, 3, 4]);
    const labels = r.labels.created.length;
    expect(labels).toBe(3);
    // One create per label and issue, one per link; reads: labels, issues, sub-issues of #1, blockers of #4.
    const writes = plan.filter(isWrite);
    expect(writes).toHaveLength(labels + 4 + 3 + 2);
    expect(writes.every((c) => c.status === 201)).toBe(true);
    expect(plan.filter((c) => !isWrite(c))).toHaveLength(4);
    expect(plan).toHaveLength(16);
    // Relationship calls carry database ids, not numbers.
    const ids = new Map((await forge.listIssues({ label: 'spec:SPEC-0001' })).map((i) => [i.number, i.id]));
    const blockedBy = plan.filter((c) => c.path.endsWith('/dependencies/blocked_by') && isWrite(c));
    expect(blockedBy.map((c) => c.body)).toEqual([{ issue_id: ids.get(2) }, { issue_id: ids.get(3) }]);
    const subs = plan.filter((c) => c.path.endsWith('/sub_issues') && isWrite(c));
    expect(subs.map((c) => c.body)).toEqual([2, 3, 4].map((n) => ({ sub_issue_id: ids.get(n) })));

    const again = mark();
    const r2 = await applyPlan(forge, desiredPlan(spec, []));
    expect(r2.writes).toBe(0);
    const replan = fake.calls.slice(again);
    expect(replan.filter(isWrite)).toEqual([]);
    expect(replan).toHaveLength(4);
    expect(replan.every((c) => c.conditional)).toBe(true);

    // Nothing changed since the re-plan: every read is a 304, served from the ETag cache.
    const third = mark();
    const before = forge.etagStats.notModified;
    expect((await applyPlan(forge, desiredPlan(spec, []))).rows.map((x) => x.number)).toEqual([1, 2, 3, 4]);
    const calls = fake.calls.slice(third);
    expect(calls.map((c) => c.status)).toEqual([304, 304, 304, 304]);
    expect(forge.etagStats.notModified - before).toBe(4);
    expect(fake.violations).toEqual([]);
  });

  it('keeps pull requests out of issue lists and maps issues, labels and pulls', async () => {
    const { fake, octokit, forge } = await setup();
    await forge.createLabel({ name: 'spec:SPEC-0001', color: '#7057FF', description: 'Work' });
    expect(await forge.listLabels()).toEqual([
      { name: 'spec:SPEC-0001', color: '7057ff', description: 'Work' },
    ]);
    await forge.updateLabel({ name: 'spec:SPEC-0001', color: '112233', description: 'Other' });
    expect(await forge.listLabels()).toEqual([
      { name: 'spec:SPEC-0001', color: '112233', description: 'Other' },
    ]);
    const a = await forge.createIssue({ title: 'A', body: 'a', labels: ['spec:SPEC-0001'] });
    const pr = await forge.createPullRequest({ title: 'P', body: 'p', head: 'x', base: 'main', draft: true });
    // A PR carrying the label is still listed by GitHub's issues endpoint.
    await octokit.rest.issues.addLabels({ ...REPO, issue_number: pr.number, labels: ['spec:SPEC-0001'] });
    const raw = await octokit.rest.issues.listForRepo({ ...REPO, labels: 'spec:SPEC-0001', state: 'all' });
    expect(raw.data.map((i) => i.number).sort()).toEqual([1, 2]);
    expect((await forge.listIssues({ label: 'spec:SPEC-0001' })).map((i) => i.number)).toEqual([a.number]);
    expect(await forge.listPullRequests()).toEqual([
      {
        number: 2,
        title: 'P',
        body: 'p',
        head: 'x',
        base: 'main',
        draft: true,
        state: 'open',
        merged: false,
        headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
        url: 'https://github.com/github/runner-infra/pull/2',
      },
    ]);
    const closed = await forge.updateIssue(a.number, { state: 'closed', stateReason: 'not_planned' });
    expect(closed).toMatchObject({ state: 'closed', stateReason: 'not_planned', labels: ['spec:SPEC-0001'] });
    const reopened = await forge.updateIssue(a.number, { state: 'open', title: 'A2', labels: [] });
    expect(reopened).toMatchObject({ state: 'open', title: 'A2', labels: [] });
    await forge.comment(a.number, 'hello');
    expect(fake.state.repo('github', 'runner-infra')!.issues[0]!.comments.map((c) => c.body)).toEqual([
      'hello',
    ]);
    // Adding a link twice is what was asked for: no error.
    const b = await forge.createIssue({ title: 'B', body: 'b', labels: [] });
    await forge.addBlockedBy(b.number, a);
    await forge.addBlockedBy(b.number, a);
    expect(await forge.listBlockedBy(b.number)).toEqual([a.number]);
    expect(fake.violations).toEqual([]);
  });

  it('sends the API version header and works under a GitHub Enterprise base URL', async () => {
    const { fake, forge } = await setup();
    const seen: string[] = [];
    const ghes = await GitHubForge.open({
      repo: 'github/runner-infra',
      token: fake.token,
      baseUrl: `${fake.url}/api/v3/`,
      paceWrites: false,
      userAgent: 'papertrail-test',
      fetch: async (input, init) => {
        const h = new Headers(init?.headers);
        seen.push(`${h.get('x-github-api-version')} ${init?.method} ${String(input)}`);
        expect(h.get('user-agent')).toMatch(/^papertrail-test/);
        return fetch(input, init);
      },
    });
    await ghes.createLabel({ name: 'tracking', color: '0e8a16', description: 't' });
    const i = await ghes.createIssue({ title: 'T', body: 'b', labels: ['tracking'] });
    expect((await ghes.listIssues({ label: 'tracking' })).map((x) => x.id)).toEqual([i.id]);
    const api = `${fake.url}/api/v3/repos/github/runner-infra`;
    expect(seen).toEqual([
      `2022-11-28 POST ${api}/labels`,
      `2022-11-28 POST ${api}/issues`,
      `2022-11-28 GET ${api}/issues?state=all&labels=tracking&direction=asc&per_page=100`,
    ]);
    // The same repository seen through api.github.com-style URLs.
    expect(await forge.listLabels()).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });
});

describe('GitHubForge pacing and caching', () => {
  it('paces writes by default (plugin-throttling write group)', async () => {
    const { fake } = await setup();
    const forge = await GitHubForge.open({
      repo: 'github/runner-infra',
      token: fake.token,
      baseUrl: fake.url,
    });
    const t0 = performance.now();
    await forge.createLabel({ name: 'a', color: 'ededed', description: '' });
    await forge.createLabel({ name: 'b', color: 'ededed', description: '' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it("waits out GitHub's content-creation limit (secondary) and finishes the plan", async () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    // At most 5 writes per minute of the fake's clock; each wait the adapter reports moves it on.
    const f = await startFakeGitHub({
      login: 'github',
      now: () => new Date(now),
      rateLimit: { writesPerMinute: 5 },
    });
    fake = f;
    await fakeOctokit(f).rest.repos.createForAuthenticatedUser({ name: REPO.repo });
    const waits: number[] = [];
    const forge = await GitHubForge.open({
      repo: 'github/runner-infra',
      token: f.token,
      baseUrl: f.url,
      paceWrites: false,
      retryAfterBaseMs: 1,
      onProgress: (e) => {
        if (e.type !== 'wait') return;
        expect(e.reason).toBe('secondary-rate-limit');
        waits.push(e.seconds);
        now += e.seconds * 1000;
      },
    });
    const r = await applyPlan(forge, desiredPlan(spec, []));
    expect(r.rows.map((x) => x.number)).toEqual([1, 2, 3, 4]);
    expect(await forge.listBlockedBy(4)).toEqual([2, 3]);
    // 1 + 12 writes at 5 a minute: two waits of a minute, and no write lost or doubled.
    expect(waits).toEqual([60, 60]);
    expect(f.state.repo('github', 'runner-infra')!.issues).toHaveLength(4);
    expect(f.violations).toEqual([]);
  });

  it('pages through long lists, and re-reads every page conditionally', async () => {
    const { fake, forge, mark } = await setup();
    for (let n = 1; n <= 105; n++) await forge.createIssue({ title: `I${n}`, body: '', labels: ['many'] });
    const start = mark();
    const all = await forge.listIssues({ label: 'many' });
    expect(all.map((i) => i.number)).toEqual(Array.from({ length: 105 }, (_, i) => i + 1));
    expect(fake.calls.slice(start).map((c) => [c.query.includes('page=2'), c.status])).toEqual([
      [false, 200],
      [true, 200],
    ]);
    const again = mark();
    expect(await forge.listIssues({ label: 'many' })).toEqual(all);
    expect(fake.calls.slice(again).map((c) => [c.status, c.conditional])).toEqual([
      [304, true],
      [304, true],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('reuses a persisted ETag cache: a new forge reads conditionally from its first call', async () => {
    const { fake, forge, mark } = await setup();
    await applyPlan(forge, desiredPlan(spec, []));
    await applyPlan(forge, desiredPlan(spec, []));
    const next = await GitHubForge.open({
      repo: 'github/runner-infra',
      token: fake.token,
      baseUrl: fake.url,
      paceWrites: false,
      etags: new Map(forge.etags),
    });
    const start = mark();
    expect((await applyPlan(next, desiredPlan(spec, []))).writes).toBe(0);
    expect(fake.calls.slice(start).map((c) => [c.status, c.conditional])).toEqual(Array(4).fill([304, true]));
  });
});

describe('GitHubForge repositories and commits', () => {
  it('creates an internal org repository on Enterprise Cloud, and finds it the second time', async () => {
    const f = await startFakeGitHub({ spec: 'ghec' });
    fake = f;
    const forge = await GitHubForge.open({
      repo: 'acme/runner-infra',
      token: f.token,
      baseUrl: f.url,
      paceWrites: false,
    });
    expect(await forge.ensureRepository({ visibility: 'internal', description: 'Runners' })).toEqual({
      created: true,
      visibility: 'internal',
      defaultBranch: 'main',
    });
    const start = f.calls.length;
    expect(await forge.ensureRepository({ visibility: 'internal' })).toMatchObject({ created: false });
    expect(f.calls.slice(start).filter(isWrite)).toEqual([]);
    expect(f.calls.find((c) => c.path === '/orgs/acme/repos')?.body).toMatchObject({
      visibility: 'internal',
    });
    expect(f.violations).toEqual([]);
  });

  it("creates a user's repository as private (users have no internal visibility)", async () => {
    const f = await startFakeGitHub();
    fake = f;
    const forge = await GitHubForge.open({ repo: 'octocat/spec', token: f.token, baseUrl: f.url });
    expect(await forge.ensureRepository({ visibility: 'private' })).toMatchObject({
      created: true,
      visibility: 'private',
    });
    expect(f.state.repo('octocat', 'spec')?.visibility).toBe('private');
    expect(f.violations).toEqual([]);
  });

  it('commits several files in one commit on a new branch; a re-run makes no commit and moves no ref', async () => {
    const { fake, octokit, forge, mark } = await setup();
    const files = [
      { path: 'README.md', content: '# Runner infra\n' },
      { path: '.github/spec/spec.md', content: SEED_SPEC },
      { path: 'bin/run', content: new Uint8Array([35, 33, 10]), executable: true },
    ];
    const start = mark();
    const c = await forge.commitFiles({
      branch: 'update-spec-SPEC-0001',
      base: 'main',
      message: 'Spec',
      files,
    });
    expect(c).toMatchObject({ changed: true, createdBranch: true });
    // ref (missing) + base ref + base commit + blob (binary file) + tree + commit + new ref.
    expect(fake.calls.slice(start).map((x) => `${x.method} ${x.status}`)).toEqual([
      'GET 404',
      'GET 200',
      'GET 200',
      'POST 201',
      'POST 201',
      'POST 201',
      'POST 201',
    ]);
    const commit = await octokit.rest.git.getCommit({ ...REPO, commit_sha: c.sha });
    expect(commit.data.message).toBe('Spec');
    const listed = await octokit.rest.git.getTree({
      ...REPO,
      tree_sha: commit.data.tree.sha,
      recursive: 'true',
    });
    expect(listed.data.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e.mode])).toEqual([
      ['.github/spec/spec.md', '100644'],
      ['README.md', '100644'],
      ['bin/run', '100755'],
    ]);

    const again = mark();
    expect(await forge.commitFiles({ branch: 'update-spec-SPEC-0001', message: 'Spec', files })).toEqual({
      sha: c.sha,
      changed: false,
      createdBranch: false,
    });
    // The tree is recomputed (one POST that creates nothing new); no commit, no ref move.
    expect(
      fake.calls
        .slice(again)
        .filter(isWrite)
        .map((x) => x.path),
    ).toEqual(['/repos/github/runner-infra/git/blobs', '/repos/github/runner-infra/git/trees']);
    const pr = await forge.createPullRequest({
      title: 'Update SPEC-0001',
      body: '',
      head: 'update-spec-SPEC-0001',
      base: 'main',
      draft: true,
    });
    expect(pr).toMatchObject({ draft: true, head: 'update-spec-SPEC-0001' });
    const moved = await forge.commitFiles({
      branch: 'update-spec-SPEC-0001',
      message: 'Resolves #1',
      files: [{ path: 'README.md', content: '# Runner infra, v2\n' }],
    });
    expect(moved).toMatchObject({ changed: true, createdBranch: false });
    expect(fake.state.repo('github', 'runner-infra')!.refs.get('refs/heads/update-spec-SPEC-0001')).toBe(
      moved.sha,
    );
    expect(fake.violations).toEqual([]);
  });
});

describe('GitHub failures as PtErrors', () => {
  it('401: forge/unauthorized with a token hint and never the token', async () => {
    const { fake } = await setup();
    const forge = await GitHubForge.open({
      repo: 'github/runner-infra',
      token: 'ghp_SECRETSECRET',
      baseUrl: fake.url,
      paceWrites: false,
    });
    const err = await forge.listLabels().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forge/unauthorized', exit: 4 });
    expect((err as Error).message).toMatch(/Bad credentials/);
    expect((err as { hint: string }).hint).toMatch(/GITHUB_TOKEN/);
    expect(JSON.stringify(err)).not.toContain('SECRET');
    expect(String((err as Error).stack)).not.toContain('SECRET');
    const { inspect } = await import('node:util');
    expect(inspect(forge, { depth: 1 })).not.toContain('SECRET');
  });

  it('404: forge/not-found with exit 3, for a missing issue and a missing repository', async () => {
    const { fake, forge } = await setup();
    await expect(forge.updateIssue(99, { title: 'x' })).rejects.toMatchObject({
      code: 'forge/not-found',
      exit: 3,
    });
    const none = await GitHubForge.open({ repo: 'github/nope', token: fake.token, baseUrl: fake.url });
    await expect(none.listIssues({ label: 'x' })).rejects.toMatchObject({ code: 'forge/not-found', exit: 3 });
    expect(fake.violations).toEqual([]);
  });

  it("422: forge/invalid with GitHub's errors summarised; an existing label is forge/conflict", async () => {
    const { fake, forge } = await setup();
    const err = await forge
      .createPullRequest({ title: 'P', body: '', head: 'nope', base: 'main', draft: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forge/invalid', exit: 4 });
    expect((err as Error).message).toMatch(/Validation Failed \(PullRequest\.head invalid\)/);
    const a = await forge.createIssue({ title: 'A', body: '', labels: [] });
    await expect(forge.addBlockedBy(a.number, a)).rejects.toMatchObject({
      code: 'forge/invalid',
      message: expect.stringMatching(/cannot block itself/),
    });
    // GitHub's cap of 100 sub-issues per parent is the local forge's forge/limit.
    const repo = fake.state.repo('github', 'runner-infra')!;
    repo.issues[0]!.subIssueIds = Array.from({ length: 100 }, (_, i) => -1 - i);
    const b = await forge.createIssue({ title: 'B', body: '', labels: [] });
    await expect(forge.addSubIssue(a.number, b)).rejects.toMatchObject({ code: 'forge/limit', exit: 3 });
    repo.issues[0]!.subIssueIds = [];
    await forge.createLabel({ name: 'x', color: 'ededed', description: '' });
    await expect(forge.createLabel({ name: 'X', color: 'ededed', description: '' })).rejects.toMatchObject({
      code: 'forge/conflict',
      exit: 3,
    });
    expect(fake.violations).toEqual([]);
  });

  it('secondary rate limit: retried after retry-after, then forge/rate-limited once retries run out', async () => {
    const { fake, forge, progress, mark } = await setup();
    fake.fail({ status: 403, method: 'POST', path: ISSUES });
    const start = mark();
    const i = await forge.createIssue({ title: 'A', body: '', labels: [] });
    expect(i.number).toBe(1);
    expect(fake.calls.slice(start).map((c) => c.status)).toEqual([403, 201]);
    expect(progress).toContainEqual({ type: 'wait', reason: 'secondary-rate-limit', seconds: 1, attempt: 1 });

    fake.fail({ status: 429, method: 'POST', path: ISSUES, times: 10 });
    const err = await forge.createIssue({ title: 'B', body: '', labels: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forge/rate-limited', exit: 4 });
    expect((err as Error).message).toMatch(/secondary rate limit/);
    // No duplicate: the rejected requests created nothing.
    expect(fake.state.repo('github', 'runner-infra')!.issues).toHaveLength(1);
  });

  it('primary rate limit with a far reset: forge/rate-limited at once, with the reset time', async () => {
    const { fake, forge } = await setup();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    fake.fail({
      status: 403,
      path: '/repos/github/runner-infra/labels',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for user ID 1.', status: '403' },
    });
    const err = await forge.listLabels().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forge/rate-limited', exit: 4 });
    expect((err as { hint: string }).hint).toContain(new Date(reset * 1000).toISOString());
  });

  it('network drop: a read is retried; a create is not, and fails as forge/unreachable', async () => {
    const { fake, forge, mark } = await setup();
    fake.fail({ status: 'network', method: 'GET', path: '/repos/github/runner-infra/labels' });
    expect(await forge.listLabels()).toEqual([]);
    fake.fail({ status: 'network', method: 'POST', path: ISSUES });
    const start = mark();
    const err = await forge.createIssue({ title: 'A', body: '', labels: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forge/unreachable', exit: 4 });
    expect(fake.calls.slice(start)).toHaveLength(1);
    fake.fail({ status: 'network', times: 10 });
    await expect(forge.listIssues({ label: 'x' })).rejects.toMatchObject({ code: 'forge/unreachable' });
  });

  it('a plan cut by a network drop finishes on the next run without duplicates', async () => {
    const { fake, forge } = await setup();
    // Let the first issue through, then drop the connection on the second create.
    let creates = 0;
    const create = forge.createIssue.bind(forge);
    forge.createIssue = async (i) => {
      if (++creates === 2) fake.fail({ status: 'network', method: 'POST', path: ISSUES });
      return create(i);
    };
    await expect(applyPlan(forge, desiredPlan(spec, []))).rejects.toMatchObject({
      code: 'forge/unreachable',
    });
    expect(fake.state.repo('github', 'runner-infra')!.issues).toHaveLength(1);
    const r = await applyPlan(forge, desiredPlan(spec, []));
    expect(r.rows.map((x) => x.number).every((n) => n !== null)).toBe(true);
    const issues = await forge.listIssues({ label: 'spec:SPEC-0001' });
    expect(issues).toHaveLength(4);
    expect(await forge.listBlockedBy(r.rows[3]!.number!)).toEqual([r.rows[1]!.number, r.rows[2]!.number]);
    expect(fake.violations).toEqual([]);
  });
});

describe('GitHubForge.tokenFromEnv', () => {
  it('prefers GITHUB_TOKEN, then `gh auth token`, else null', () => {
    expect(GitHubForge.tokenFromEnv({ GITHUB_TOKEN: ' t1 ' }, () => 'never')).toBe('t1');
    expect(GitHubForge.tokenFromEnv({}, () => 'gho_x\n')).toBe('gho_x');
    expect(
      GitHubForge.tokenFromEnv({}, () => {
        throw Object.assign(new Error('spawn gh ENOENT'), { code: 'ENOENT' });
      }),
    ).toBeNull();
    expect(GitHubForge.tokenFromEnv({}, () => '')).toBeNull();
  });

  it('refuses a malformed repository and an empty token', async () => {
    await expect(GitHubForge.open({ repo: 'nope', token: 't' })).rejects.toMatchObject({
      code: 'forge/invalid-repo',
    });
    await expect(GitHubForge.open({ repo: 'a/b', token: '' })).rejects.toMatchObject({
      code: 'forge/unauthorized',
    });
  });
});
