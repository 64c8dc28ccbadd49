import { afterEach, describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/index.js';
import { GitHubForge } from '../../../src/ports/forge/github.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { type fakeOctokit, repoWithBranch } from '../../fakes/github/octokit.js';

// The GitHub adapter's merge against the fake: GitHub's merge API merges, a re-run finds it merged,
// and GitHub's refusals (405 not mergeable, 409 head moved) are clear errors with nothing merged.
const REPO = { owner: 'github', repo: 'runner-infra' };
let fake: FakeGitHub | undefined;

afterEach(async () => {
  const f = fake;
  fake = undefined;
  await f?.close();
  expect(f?.violations ?? []).toEqual([]);
});

/** github/runner-infra with `feature/x` one commit ahead of main, a pull request from it, and a forge. */
async function setup(opts: { draft?: boolean; timeoutMs?: number; fetch?: typeof fetch } = {}) {
  const f = await startFakeGitHub({ login: 'github' });
  fake = f;
  const { octokit: o, main, tree, head } = await repoWithBranch(f, REPO, 'feature/x');
  const forge = await GitHubForge.open({
    repo: 'github/runner-infra',
    token: f.token,
    baseUrl: f.url,
    paceWrites: false,
    retryAfterBaseMs: 1,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const pr = await forge.createPullRequest({
    title: 'x',
    body: 'Resolves #1',
    head: 'feature/x',
    base: 'main',
    draft: !!opts.draft,
  });
  return { fake: f, octokit: o, forge, pr, main, head, tree };
}

const mainSha = async (o: ReturnType<typeof fakeOctokit>) =>
  (await o.rest.git.getRef({ ...REPO, ref: 'heads/main' })).data.object.sha;

const refusal = async (p: Promise<unknown>): Promise<PtError> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PtError);
  return e as PtError;
};

describe('GitHubForge.mergePullRequest', () => {
  it('merges with a merge commit on the base, and a re-run finds it merged', async () => {
    const { fake: f, octokit: o, forge, pr, main, head } = await setup();
    expect(pr.headSha).toBe(head);
    const m = await forge.mergePullRequest(pr.number, { sha: head, title: 'Integrate #1' });
    expect(m).toMatchObject({ number: pr.number, already: false });
    expect(m.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await mainSha(o)).toBe(m.commit);
    const c = (await o.rest.git.getCommit({ ...REPO, commit_sha: m.commit! })).data;
    expect(c.parents.map((p) => p.sha)).toEqual([main, head]);
    expect(c.message).toBe('Integrate #1');
    const listed = (await forge.listPullRequests()).find((p) => p.number === pr.number);
    expect(listed).toMatchObject({ state: 'closed', merged: true });
    // The answer lost, the step run again: GitHub's 405 is read as "merged already".
    expect(await forge.mergePullRequest(pr.number, { sha: head })).toEqual({
      number: pr.number,
      commit: m.commit,
      already: true,
    });
    const puts = f.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => [c.status, c.body])).toEqual([
      [200, { merge_method: 'merge', sha: head, commit_title: 'Integrate #1' }],
      [405, { merge_method: 'merge', sha: head }],
    ]);
  });

  it('refuses a draft, a base that moved on (conflict) and a moved head, merging nothing', async () => {
    const { octokit: o, forge, pr, main, head, tree } = await setup({ draft: true });
    const draft = await refusal(forge.mergePullRequest(pr.number, { sha: head }));
    expect(draft).toMatchObject({ code: 'forge/not-mergeable', exit: 3 });
    expect(draft.message).toContain('draft');
    expect(draft.hint).toMatch(/branch protection/);
    await o.rest.pulls.update({ ...REPO, pull_number: pr.number, title: 'x' });
    // Ready it through the API the fake has (no GraphQL): a new, non-draft pull request.
    await o.rest.pulls.update({ ...REPO, pull_number: pr.number, state: 'closed' });
    const ready = await forge.createPullRequest({
      title: 'x',
      body: '',
      head: 'feature/x',
      base: 'main',
      draft: false,
    });

    const y = await o.rest.git.createCommit({ ...REPO, message: 'y', tree, parents: [head] });
    await o.rest.git.updateRef({ ...REPO, ref: 'heads/feature/x', sha: y.data.sha });
    const moved = await refusal(forge.mergePullRequest(ready.number, { sha: head }));
    expect(moved).toMatchObject({ code: 'forge/head-changed', exit: 3 });
    expect(moved.message).toContain(head.slice(0, 12));
    expect(moved.message).toContain(y.data.sha.slice(0, 12));
    expect(moved.hint).toMatch(/checks/);

    const z = await o.rest.git.createCommit({ ...REPO, message: 'z', tree, parents: [main] });
    await o.rest.git.updateRef({ ...REPO, ref: 'heads/main', sha: z.data.sha });
    const diverged = await refusal(forge.mergePullRequest(ready.number, {}));
    expect(diverged).toMatchObject({ code: 'forge/not-mergeable' });
    expect(await mainSha(o)).toBe(z.data.sha);
    expect((await forge.listPullRequests()).find((p) => p.number === ready.number)).toMatchObject({
      state: 'open',
      merged: false,
    });
  });

  it('has a deadline: a merge GitHub does not answer is forge/timeout, not tried twice', async () => {
    let puts = 0;
    // GitHub stalls on the merge: no answer, until the deadline aborts the request.
    const stalling: typeof fetch = (input, init) => {
      if ((init?.method ?? 'GET').toUpperCase() !== 'PUT') return fetch(input, init);
      puts++;
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true }),
      );
    };
    const { forge, pr, head } = await setup({ timeoutMs: 300, fetch: stalling });
    const lost = await refusal(forge.mergePullRequest(pr.number, { sha: head }));
    expect(lost).toMatchObject({ code: 'forge/timeout', exit: 4, details: { attempts: 1 } });
    expect(lost.message).toContain(`merging pull request #${pr.number}`);
    expect(puts).toBe(1);
  });
});
