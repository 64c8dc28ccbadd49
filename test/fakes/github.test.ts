import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Octokit, RequestError } from 'octokit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './github/index.js';
import { fakeOctokit as client, status } from './github/octokit.js';

let fake: FakeGitHub;
let gh: Octokit;

/** A request Octokit's types would refuse: the point is to send what the description forbids. */
function loose(o: Octokit, route: string, params: Record<string, unknown> = {}) {
  return o.request(route, params);
}

/** The tree SHA real git computes for these files. */
function gitWriteTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-gh-tree-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    execFileSync('git', ['add', '-A'], { cwd: dir });
    return execFileSync('git', ['write-tree'], { cwd: dir, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  fake = await startFakeGitHub({ now: () => new Date('2026-01-02T03:04:05.678Z') });
  gh = client(fake);
  await gh.rest.repos.createInOrg({ org: 'acme', name: 'demo', auto_init: true, visibility: 'private' });
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  // Every test leaves the fake with no OpenAPI violation unless it removed the ones it caused.
  expect(fake.violations).toEqual([]);
});

const repo = { owner: 'acme', repo: 'demo' };

describe('fake GitHub: basics', () => {
  it('starts within a reasonable time and serves GET /user with realistic headers', async () => {
    expect(fake.startupMs).toBeLessThan(10_000);
    const res = await gh.rest.users.getAuthenticated();
    expect(res.data.login).toBe('octocat');
    expect(res.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    expect(res.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
    expect(res.headers['x-github-request-id']).toMatch(/^[0-9A-F:]+$/);
    expect(res.headers.etag).toMatch(/^W\/"[0-9a-f]+"$/);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    expect(await status(client(fake, { auth: null }).rest.users.getAuthenticated())).toBe(401);
    expect(await status(client(fake, { auth: 'nope' }).rest.users.getAuthenticated())).toBe(401);
  });

  it('accepts a GitHub Enterprise /api/v3 base URL', async () => {
    const ghes = client(fake, { baseUrl: `${fake.url}/api/v3` });
    const { data } = await ghes.rest.repos.get(repo);
    expect(data.full_name).toBe('acme/demo');
    expect(data.visibility).toBe('private');
    // Refs are `x-multi-segment`: an unencoded slash matches like Octokit's %2F.
    const res = await fetch(`${fake.url}/api/v3/repos/acme/demo/git/ref/heads/main`, {
      headers: { authorization: `Bearer ${fake.token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ref: string }).ref).toBe('refs/heads/main');
  });
});

describe('fake GitHub: repos and labels', () => {
  it('creates and updates repositories', async () => {
    const { data: mine } = await gh.rest.repos.createForAuthenticatedUser({ name: 'solo', description: 'x' });
    expect(mine.full_name).toBe('octocat/solo');
    expect(mine.created_at).toBe('2026-01-02T03:04:05Z');
    const { data: updated } = await gh.rest.repos.update({
      owner: 'octocat',
      repo: 'solo',
      description: 'y',
    });
    expect(updated.description).toBe('y');
    expect(await status(gh.rest.repos.get({ owner: 'octocat', repo: 'missing' }))).toBe(404);
    expect(await status(gh.rest.repos.createForAuthenticatedUser({ name: 'solo' }))).toBe(422);
  });

  it('creates, lists and updates labels; a duplicate is a 422 shaped like GitHub', async () => {
    await gh.rest.issues.createLabel({ ...repo, name: 'spec:SPEC-0001', color: '0e8a16' });
    await gh.rest.issues.createLabel({
      ...repo,
      name: 'tracking',
      color: 'ffffff',
      description: 'Tracks a spec',
    });
    const err = await gh.rest.issues
      .createLabel({ ...repo, name: 'Tracking', color: '000000' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect(err.status).toBe(422);
    expect(err.response.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    });
    expect(await status(gh.rest.issues.createLabel({ ...repo, name: 'bad', color: 'zzzzzz' }))).toBe(422);
    const { data: renamed } = await gh.rest.issues.updateLabel({
      ...repo,
      name: 'tracking',
      color: 'aaaaaa',
    });
    expect(renamed.color).toBe('aaaaaa');
    const labels = await gh.paginate(gh.rest.issues.listLabelsForRepo, { ...repo, per_page: 1 });
    expect(labels.map((l) => l.name)).toEqual(['spec:SPEC-0001', 'tracking']);
  });
});

describe('fake GitHub: issues, sub-issues and dependencies', () => {
  it('creates, reads, updates, labels and comments on issues', async () => {
    const { data: issue } = await gh.rest.issues.create({ ...repo, title: 'First', labels: ['tracking'] });
    expect(issue.number).toBeGreaterThan(0);
    expect(issue.node_id).toMatch(/^I_/);
    expect(issue.labels).toHaveLength(1);
    expect(issue.sub_issues_summary).toEqual({ total: 0, completed: 0, percent_completed: 0 });
    await gh.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['new-one'] });
    const { data: set } = await gh.rest.issues.setLabels({
      ...repo,
      issue_number: issue.number,
      labels: ['tracking'],
    });
    expect(set.map((l) => l.name)).toEqual(['tracking']);
    await gh.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'tracking' });
    await gh.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['tracking'] });
    await gh.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hello' });
    const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issue.number });
    expect(comments.map((c) => c.body)).toEqual(['hello']);
    const { data: closed } = await gh.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned', comments: 1 });
    const { data: got } = await gh.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(got.closed_at).not.toBeNull();
  });

  it('links sub-issues and blocked-by dependencies by database id', async () => {
    const make = async (title: string) => (await gh.rest.issues.create({ ...repo, title })).data;
    const [tracking, a, b, c] = [await make('Tracking'), await make('A'), await make('B'), await make('C')];
    for (const child of [a, b, c]) {
      await gh.rest.issues.addSubIssue({ ...repo, issue_number: tracking.number, sub_issue_id: child.id });
    }
    await gh.rest.issues.addBlockedByDependency({ ...repo, issue_number: c.number, issue_id: a.id });
    const { data: blocker } = await gh.rest.issues.addBlockedByDependency({
      ...repo,
      issue_number: c.number,
      issue_id: b.id,
    });
    expect(blocker.id).toBe(b.id);

    const subs = await gh.paginate(gh.rest.issues.listSubIssues, { ...repo, issue_number: tracking.number });
    expect(subs.map((s) => s.number)).toEqual([a.number, b.number, c.number]);
    const blockers = await gh.paginate(gh.rest.issues.listDependenciesBlockedBy, {
      ...repo,
      issue_number: c.number,
    });
    expect(blockers.map((s) => s.id)).toEqual([a.id, b.id]);
    const { data: cNow } = await gh.rest.issues.get({ ...repo, issue_number: c.number });
    expect(cNow.issue_dependencies_summary).toMatchObject({ blocked_by: 2, total_blocked_by: 2 });

    await gh.rest.issues.update({ ...repo, issue_number: a.number, state: 'closed' });
    const { data: tNow } = await gh.rest.issues.get({ ...repo, issue_number: tracking.number });
    expect(tNow.sub_issues_summary).toEqual({ total: 3, completed: 1, percent_completed: 33 });

    // One parent per child, no duplicate blocker, and numbers are not ids.
    const other = await make('Other parent');
    expect(
      await status(gh.rest.issues.addSubIssue({ ...repo, issue_number: other.number, sub_issue_id: a.id })),
    ).toBe(422);
    expect(
      await status(
        gh.rest.issues.addBlockedByDependency({ ...repo, issue_number: c.number, issue_id: a.id }),
      ),
    ).toBe(422);
    expect(
      await status(
        gh.rest.issues.addSubIssue({ ...repo, issue_number: other.number, sub_issue_id: a.number }),
      ),
    ).toBe(404);

    const blocking = await gh.paginate(gh.rest.issues.listDependenciesBlocking, {
      ...repo,
      issue_number: b.number,
    });
    expect(blocking.map((s) => s.id)).toEqual([c.id]);
    const { data: parent } = await gh.rest.issues.getParent({ ...repo, issue_number: b.number });
    expect(parent.id).toBe(tracking.id);
    await gh.rest.issues.removeDependencyBlockedBy({ ...repo, issue_number: c.number, issue_id: a.id });
    const after = await gh.paginate(gh.rest.issues.listDependenciesBlockedBy, {
      ...repo,
      issue_number: c.number,
    });
    expect(after.map((s) => s.id)).toEqual([b.id]);
  });

  it('paginates 250 issues with Link headers and per_page capped at 100', async () => {
    const f = await startFakeGitHub();
    const o = client(f);
    try {
      await o.rest.repos.createForAuthenticatedUser({ name: 'many' });
      for (let i = 1; i <= 250; i++) {
        await o.rest.issues.create({
          owner: 'octocat',
          repo: 'many',
          title: `Issue ${i}`,
          labels: i % 2 ? ['odd'] : [],
        });
      }
      const before = f.calls.length;
      const all = await o.paginate(o.rest.issues.listForRepo, {
        owner: 'octocat',
        repo: 'many',
        per_page: 100,
      });
      expect(all).toHaveLength(250);
      expect(f.calls.length - before).toBe(3);
      expect(new Set(all.map((i) => i.number)).size).toBe(250);
      const first = await o.rest.issues.listForRepo({ owner: 'octocat', repo: 'many', per_page: 100 });
      expect(first.headers.link).toContain('rel="next"');
      expect(first.headers.link).toContain('rel="last"');
      const odd = await o.paginate(o.rest.issues.listForRepo, {
        owner: 'octocat',
        repo: 'many',
        labels: 'odd',
        per_page: 100,
      });
      expect(odd).toHaveLength(125);
      const closed = await o.rest.issues.listForRepo({ owner: 'octocat', repo: 'many', state: 'closed' });
      expect(closed.data).toEqual([]);

      // GitHub's relationship limits: 100 sub-issues per parent, 50 issues per dependency type.
      const many = { owner: 'octocat', repo: 'many' };
      const byNumber = new Map(all.map((i) => [i.number, i.id]));
      for (let n = 2; n <= 101; n++) {
        await o.rest.issues.addSubIssue({ ...many, issue_number: 1, sub_issue_id: byNumber.get(n)! });
      }
      expect(
        await status(
          o.rest.issues.addSubIssue({ ...many, issue_number: 1, sub_issue_id: byNumber.get(102)! }),
        ),
      ).toBe(422);
      for (let n = 103; n <= 152; n++) {
        await o.rest.issues.addBlockedByDependency({
          ...many,
          issue_number: 250,
          issue_id: byNumber.get(n)!,
        });
      }
      const tooMany = o.rest.issues.addBlockedByDependency({
        ...many,
        issue_number: 250,
        issue_id: byNumber.get(153)!,
      });
      expect(await status(tooMany)).toBe(422);
      expect(f.violations).toEqual([]);
    } finally {
      await f.close();
    }
  });
});

describe('fake GitHub: git data and pull requests', () => {
  it('makes a multi-file commit (blob → tree → commit → ref) and opens a draft PR', async () => {
    const { data: main } = await gh.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: baseCommit } = await gh.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const blob = await gh.rest.git.createBlob({
      ...repo,
      content: Buffer.from('# Agents\n').toString('base64'),
      encoding: 'base64',
    });
    // What `git hash-object` gives for the same bytes.
    expect(blob.data.sha).toBe('57be659e9c301121aedc5c85154cf8c8b5bc55bc');
    const { data: tree } = await gh.rest.git.createTree({
      ...repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: 'AGENTS.md', mode: '100644', type: 'blob', sha: blob.data.sha },
        { path: '.github/spec/spec.md', mode: '100644', type: 'blob', content: '# Spec\n' },
      ],
    });
    expect(tree.tree.map((e) => e.path).sort()).toEqual(['.github', 'AGENTS.md', 'README.md']);
    expect(tree.sha).toBe(
      gitWriteTree({
        'README.md': '# demo\n',
        'AGENTS.md': '# Agents\n',
        '.github/spec/spec.md': '# Spec\n',
      }),
    );
    const { data: commit } = await gh.rest.git.createCommit({
      ...repo,
      message: 'Resolves #1',
      tree: tree.sha,
      parents: [main.object.sha],
    });
    expect(commit.parents[0]!.sha).toBe(main.object.sha);
    await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/implement/issue-1-first', sha: commit.sha });
    const { data: branch } = await gh.rest.git.getRef({ ...repo, ref: 'heads/implement/issue-1-first' });
    expect(branch.object.sha).toBe(commit.sha);
    expect(
      await status(
        gh.rest.git.createRef({ ...repo, ref: 'refs/heads/implement/issue-1-first', sha: commit.sha }),
      ),
    ).toBe(422);
    expect(
      await status(
        gh.rest.git.updateRef({ ...repo, ref: 'heads/implement/issue-1-first', sha: baseCommit.sha }),
      ),
    ).toBe(422);

    const { data: files } = await gh.rest.git.getTree({ ...repo, tree_sha: tree.sha, recursive: '1' });
    expect(files.tree.map((e) => e.path)).toEqual([
      '.github',
      '.github/spec',
      '.github/spec/spec.md',
      'AGENTS.md',
      'README.md',
    ]);
    const { data: readBack } = await gh.rest.git.getBlob({ ...repo, file_sha: blob.data.sha });
    expect(Buffer.from(readBack.content, 'base64').toString()).toBe('# Agents\n');
    const matching = await gh.rest.git.listMatchingRefs({ ...repo, ref: 'heads/implement/' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/heads/implement/issue-1-first']);

    await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/scratch', sha: commit.sha });
    await gh.rest.git.deleteRef({ ...repo, ref: 'heads/scratch' });
    expect(await status(gh.rest.git.getRef({ ...repo, ref: 'heads/scratch' }))).toBe(404);
    expect(await status(gh.rest.git.deleteRef({ ...repo, ref: 'heads/main' }))).toBe(422);

    const { data: pr } = await gh.rest.pulls.create({
      ...repo,
      title: 'Implement #1: First',
      head: 'implement/issue-1-first',
      base: 'main',
      body: 'Resolves #1',
      draft: true,
    });
    expect(pr).toMatchObject({
      draft: true,
      state: 'open',
      head: { ref: 'implement/issue-1-first', sha: commit.sha },
    });
    const { data: asIssue } = await gh.rest.issues.get({ ...repo, issue_number: pr.number });
    expect(asIssue.pull_request).toBeDefined();
    const { data: next } = await gh.rest.issues.create({ ...repo, title: 'after the PR' });
    expect(next.number).toBe(pr.number + 1);
    const open = await gh.paginate(gh.rest.pulls.list, { ...repo, head: 'acme:implement/issue-1-first' });
    expect(open.map((p) => p.number)).toEqual([pr.number]);
    const { data: edited } = await gh.rest.pulls.update({
      ...repo,
      pull_number: pr.number,
      title: 'Implement #1: Renamed',
    });
    expect(edited.title).toBe('Implement #1: Renamed');
    expect(
      await status(
        gh.rest.pulls.create({ ...repo, title: 'dup', head: 'implement/issue-1-first', base: 'main' }),
      ),
    ).toBe(422);
  });
});

describe('fake GitHub: conditional requests and faults', () => {
  it('answers a matching If-None-Match with 304, which Octokit throws and which costs no rate limit', async () => {
    const first = await gh.rest.issues.listForRepo(repo);
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    const err = await gh.rest.issues
      .listForRepo({ ...repo, headers: { 'if-none-match': first.headers.etag! } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).status).toBe(304);
    expect(Number((err as RequestError).response?.headers['x-ratelimit-remaining'])).toBe(remaining);
    expect(fake.calls.at(-1)).toMatchObject({ status: 304, conditional: true });
    await gh.rest.issues.create({ ...repo, title: 'a change' });
    const changed = await gh.rest.issues.listForRepo({
      ...repo,
      headers: { 'if-none-match': first.headers.etag! },
    });
    expect(changed.status).toBe(200);
  });

  it('a 502 is retried by plugin-retry', async () => {
    fake.fail({ status: 502, method: 'GET', path: '/repos/acme/demo', times: 2 });
    const before = fake.calls.length;
    const { data } = await gh.rest.repos.get(repo);
    expect(data.name).toBe('demo');
    expect(fake.calls.slice(before).map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it('a dropped connection is retried too', async () => {
    fake.fail({ status: 'network', path: '/user' });
    const { data } = await gh.rest.users.getAuthenticated();
    expect(data.login).toBe('octocat');
  });

  it('a 500 that keeps failing surfaces after the retries', async () => {
    fake.fail({ status: 500, path: '/user', times: 10 });
    expect(await status(gh.rest.users.getAuthenticated())).toBe(500);
  });

  it('a 403 secondary rate limit is honoured by plugin-throttling (retry-after)', async () => {
    const throttled = client(fake, { throttle: true });
    fake.fail({
      status: 403,
      method: 'POST',
      path: '/repos/acme/demo/issues',
      headers: { 'retry-after': '1' },
    });
    fake.fail({ status: 429, method: 'POST', path: '/repos/acme/demo/issues' });
    const before = fake.calls.length;
    const { data } = await throttled.rest.issues.create({ ...repo, title: 'paced' });
    expect(data.title).toBe('paced');
    expect(fake.calls.slice(before).map((c) => c.status)).toEqual([403, 429, 201]);
  });

  it('enforces a secondary limit on writes per minute when asked, on the injected clock', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const f = await startFakeGitHub({ now: () => new Date(now), rateLimit: { writesPerMinute: 2 } });
    try {
      const o = client(f);
      await o.rest.repos.createForAuthenticatedUser({ name: 'paced' });
      now += 30_000;
      await o.rest.issues.create({ owner: 'octocat', repo: 'paced', title: 'one' });
      const err = (await o.rest.issues
        .create({ owner: 'octocat', repo: 'paced', title: 'two' })
        .catch((e: unknown) => e)) as RequestError;
      expect(err.status).toBe(403);
      expect(err.message).toContain('secondary rate limit');
      expect(err.response?.headers['retry-after']).toBe('30');
      await o.rest.issues.listForRepo({ owner: 'octocat', repo: 'paced' }); // reads are not limited
      now += 30_001;
      await o.rest.issues.create({ owner: 'octocat', repo: 'paced', title: 'two' });
      expect(f.violations).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('a primary rate limit answers 403 with x-ratelimit-remaining: 0', async () => {
    const f = await startFakeGitHub({ rateLimit: { limit: 10, remaining: 1 } });
    try {
      const o = client(f);
      await o.rest.users.getAuthenticated();
      const err = (await o.rest.users.getAuthenticated().catch((e: unknown) => e)) as RequestError;
      expect(err.status).toBe(403);
      expect(err.response?.headers['x-ratelimit-remaining']).toBe('0');
    } finally {
      await f.close();
    }
  });
});

describe('fake GitHub: OpenAPI checks', () => {
  function takeViolations() {
    return fake.violations.splice(0);
  }

  it('rejects a request the description does not allow, with 400 and a violation', async () => {
    const { data: issue } = await gh.rest.issues.create({ ...repo, title: 'parent' });
    const bad = loose(gh, 'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...repo,
      issue_number: issue.number,
      sub_issue_id: String(issue.id),
    });
    const err = (await bad.catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(400);
    expect(err.message).toContain('fake github: request does not match OpenAPI');
    const noTitle = loose(gh, 'POST /repos/{owner}/{repo}/issues', { ...repo, body: 'no title' });
    expect(await status(noTitle)).toBe(400);
    const typo = loose(gh, 'POST /repos/{owner}/{repo}/labels', { ...repo, name: 'x', colour: 'ffffff' });
    expect(await status(typo)).toBe(400);
    const v = takeViolations();
    expect(v.map((x) => x.kind)).toEqual(['request', 'request', 'request']);
    expect(v[0]!.messages.join()).toContain('sub_issue_id');
    expect(v[1]!.messages.join()).toContain("must have required property 'title'");
    expect(v[2]!.messages.join()).toContain('colour');
  });

  it('rejects bad path and query parameters', async () => {
    expect(
      await status(
        loose(gh, 'GET /repos/{owner}/{repo}/issues/{issue_number}', { ...repo, issue_number: 'abc' }),
      ),
    ).toBe(400);
    expect(await status(loose(gh, 'GET /repos/{owner}/{repo}/issues', { ...repo, state: 'weird' }))).toBe(
      400,
    );
    expect(takeViolations().map((x) => x.kind)).toEqual(['request', 'request']);
  });

  it('catches a response of the fake that does not match, answering 500', async () => {
    fake.corruptNextResponse((body) => ({ ...(body as object), id: 'not-a-number' }));
    // No retry: plugin-retry would otherwise turn the 500 into a clean second answer.
    const err = (await gh.rest.repos
      .get({ ...repo, request: { retries: 0 } })
      .catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(500);
    const [v] = takeViolations();
    expect(v).toMatchObject({ kind: 'response', operationId: 'repos/get' });
    expect(v!.messages.join()).toContain('/id');
  });

  it('records unknown routes and unserved operations as violations, answering 404', async () => {
    expect(await status(gh.request('GET /no/such/route'))).toBe(404);
    expect(await status(gh.rest.repos.listForOrg({ org: 'acme' }))).toBe(404);
    // A valid filter the fake does not model is refused, not silently ignored.
    expect(await status(gh.rest.issues.listForRepo({ ...repo, since: '2026-01-01T00:00:00Z' }))).toBe(400);
    expect(takeViolations().map((x) => x.kind)).toEqual(['route', 'unimplemented', 'unimplemented']);
  });

  it('counts every call', () => {
    expect(fake.calls.length).toBeGreaterThan(20);
    expect(fake.calls.every((c) => typeof c.status === 'number')).toBe(true);
    expect(fake.calls.find((c) => c.operationId === 'issues/add-sub-issue')?.body).toMatchObject({
      sub_issue_id: expect.any(Number),
    });
  });
});

describe('fake GitHub: GHEC description', () => {
  it('allows internal visibility when validating against ghec', async () => {
    const f = await startFakeGitHub({ spec: 'ghec' });
    try {
      const o = client(f);
      // Octokit's types follow api.github.com, which has no `internal`; GHEC's description has it.
      const { data } = await loose(o, 'POST /orgs/{org}/repos', {
        org: 'acme',
        name: 'inner',
        visibility: 'internal',
      });
      expect(data.visibility).toBe('internal');
      expect(
        await status(loose(o, 'POST /orgs/{org}/repos', { org: 'acme', name: 'x', visibility: 'secret' })),
      ).toBe(400);
      expect(f.violations.splice(0).map((v) => v.kind)).toEqual(['request']);
      expect(f.violations).toEqual([]);
    } finally {
      await f.close();
    }
  });
});
