import { afterEach, expect } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { fakeOctokit } from '../../fakes/github/octokit.js';
import { type BackendName, type OpsWorkspace, opsWorkspace } from './workspace.js';

// Runs on a GitHub-configured workspace: the OpenAPI-checked fake with acme/shop on it (main with one
// commit), the environment pointing the forge at it, and reads of a branch's files through its API.

export const REPO = { owner: 'acme', repo: 'shop' };
const ENV = ['GITHUB_TOKEN', 'GITHUB_API_URL', 'PAPERTRAIL_GITHUB_PACE'] as const;

export interface GitHubRepo {
  fake: FakeGitHub;
  /** path → content of every file on `branch`, read through the git data API. */
  files(branch: string): Promise<Record<string, string>>;
  restore(): Promise<void>;
}

export async function githubRepo(): Promise<GitHubRepo> {
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const fake = await startFakeGitHub({ login: REPO.owner });
  const o = fakeOctokit(fake);
  await o.rest.repos.createForAuthenticatedUser({ name: REPO.repo, auto_init: true });
  Object.assign(process.env, {
    GITHUB_TOKEN: fake.token,
    GITHUB_API_URL: fake.url,
    PAPERTRAIL_GITHUB_PACE: '0',
  });
  return {
    fake,
    files: async (branch) => {
      const head = (await o.rest.git.getRef({ ...REPO, ref: `heads/${branch}` })).data.object.sha;
      const tree = (await o.rest.git.getCommit({ ...REPO, commit_sha: head })).data.tree.sha;
      const entries = (await o.rest.git.getTree({ ...REPO, tree_sha: tree, recursive: '1' })).data.tree;
      const out: Record<string, string> = {};
      for (const e of entries.filter((x) => x.type === 'blob')) {
        const blob = (await o.rest.git.getBlob({ ...REPO, file_sha: e.sha! })).data;
        out[e.path!] = Buffer.from(blob.content, 'base64').toString('utf8');
      }
      return out;
    },
    restore: async () => {
      for (const k of ENV)
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      await fake.close();
    },
  };
}

export interface GitHubOps {
  w: OpsWorkspace;
  gh: GitHubRepo;
}

/**
 * Opens a workspace configured for GitHub with the fake behind it, one per test of the suite that
 * calls this; each is closed after its test, which fails if the fake saw a request GitHub would not take.
 */
export function eachGitHubWorkspace(): (backend: BackendName) => Promise<GitHubOps> {
  let open: GitHubOps | undefined;
  afterEach(async () => {
    if (!open) return;
    const { w, gh } = open;
    open = undefined;
    await w.cleanup();
    await gh.restore();
    expect(gh.fake.violations).toEqual([]);
  });
  return async (backend) => {
    const gh = await githubRepo();
    open = { gh, w: await opsWorkspace(backend, 'forge: github\n') };
    return open;
  };
}
