// Octokit configured as the adapter would use it, with retry and throttling delays
// shrunk so a test that hits a retry path takes milliseconds, not minutes.
import { Octokit, RequestError } from 'octokit';
import type { FakeGitHub } from './index.js';

export interface FakeOctokitOptions {
  /** Keep plugin-throttling on (its write group still spaces writes 1 s apart). */
  throttle?: boolean;
  /** A different token, or null for none. */
  auth?: string | null;
  baseUrl?: string;
}

export function fakeOctokit(fake: FakeGitHub, opts: FakeOctokitOptions = {}): Octokit {
  const retryTwice = (_after: number, _options: unknown, _octokit: unknown, count: number) => count < 2;
  return new Octokit({
    ...(opts.auth === null ? {} : { auth: opts.auth ?? fake.token }),
    baseUrl: opts.baseUrl ?? fake.url,
    retry: { retryAfterBaseValue: 10 },
    throttle: opts.throttle
      ? { retryAfterBaseValue: 50, onRateLimit: retryTwice, onSecondaryRateLimit: retryTwice }
      : { enabled: false },
  });
}

/**
 * `owner/repo` made on the fake (with its first commit on main) and `branch` one commit ahead of
 * main: what a pull request, its checks or its merge need.
 */
export async function repoWithBranch(
  fake: FakeGitHub,
  r: { owner: string; repo: string },
  branch: string,
): Promise<{ octokit: Octokit; main: string; tree: string; head: string }> {
  const o = fakeOctokit(fake);
  await o.rest.repos.createForAuthenticatedUser({ name: r.repo, auto_init: true });
  const main = (await o.rest.git.getRef({ ...r, ref: 'heads/main' })).data.object.sha;
  const tree = (await o.rest.git.getCommit({ ...r, commit_sha: main })).data.tree.sha;
  const head = (await o.rest.git.createCommit({ ...r, message: branch, tree, parents: [main] })).data.sha;
  await o.rest.git.createRef({ ...r, ref: `refs/heads/${branch}`, sha: head });
  return { octokit: o, main, tree, head };
}

/** The HTTP status a request failed with, or 0 when it succeeded. */
export async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (err) {
    if (err instanceof RequestError) return err.status;
    throw err;
  }
}

/**
 * acme/svc (an organisation's repository) with the runners the runners tests share: prod-1 busy and
 * prod-2 offline in the repository, dr-1 idle in the organisation.
 */
export async function repoWithRunners(fake: FakeGitHub): Promise<void> {
  await fakeOctokit(fake).rest.repos.createInOrg({ org: 'acme', name: 'svc', auto_init: true });
  fake.actions.addRunner({
    repo: 'acme/svc',
    name: 'prod-1',
    labels: ['self-hosted', 'linux', 'prod'],
    busy: true,
  });
  fake.actions.addRunner({
    repo: 'acme/svc',
    name: 'prod-2',
    labels: ['self-hosted', 'prod'],
    status: 'offline',
  });
  fake.actions.addRunner({ org: 'acme', name: 'dr-1', labels: ['self-hosted', 'prod-dr'] });
}
