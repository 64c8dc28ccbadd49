import { GitHubError, invalid, notFound } from '../errors.js';
import { putBlob, putCommit, putTree } from '../git-objects.js';
import { privateUserJson, repoJson } from '../objects.js';
import type { RepoRecord } from '../state.js';
import { type Ctx, type Routes, repoOf } from './types.js';

interface CreateRepoBody {
  name: string;
  description?: string;
  homepage?: string;
  private?: boolean;
  visibility?: 'public' | 'private' | 'internal';
  has_issues?: boolean;
  auto_init?: boolean;
}

function createRepo(ctx: Ctx, owner: string, ownerType: RepoRecord['ownerType']) {
  const b = ctx.body as CreateRepoBody;
  if (ctx.state.repo(owner, b.name))
    throw invalid('Repository', 'name', 'custom', 'name already exists on this account');
  const ts = ctx.state.timestamp();
  const repo: RepoRecord = {
    id: ctx.state.nextId(),
    owner,
    ownerType,
    name: b.name,
    description: b.description ?? null,
    homepage: b.homepage ?? null,
    visibility: b.visibility ?? (b.private ? 'private' : 'public'),
    default_branch: 'main',
    has_issues: b.has_issues ?? true,
    created_at: ts,
    updated_at: ts,
    labels: new Map(),
    issues: [],
    objects: new Map(),
    refs: new Map(),
    checkRuns: [],
    statuses: [],
    dependabotAlerts: [],
    dependabotEnabled: true,
  };
  if (b.auto_init) {
    // GitHub's auto_init makes one commit with a README on the default branch.
    const blob = putBlob(repo, Buffer.from(`# ${b.name}\n`));
    const tree = putTree(repo, [{ path: 'README.md', mode: '100644', type: 'blob', sha: blob }]);
    const who = { name: ctx.state.login, email: `${ctx.state.login}@users.noreply.github.com`, date: ts };
    const commit = putCommit(repo, {
      tree,
      parents: [],
      message: 'Initial commit',
      author: who,
      committer: who,
    });
    repo.refs.set('refs/heads/main', commit);
  }
  ctx.state.addRepo(repo);
  return { status: 201, body: repoJson(ctx.api, repo) };
}

export const repoRoutes: Routes = {
  'GET /user': (ctx) => ({ status: 200, body: privateUserJson(ctx.api, ctx.state) }),
  'POST /user/repos': (ctx) => createRepo(ctx, ctx.state.login, 'User'),
  'POST /orgs/{org}/repos': (ctx) => createRepo(ctx, String(ctx.params.org), 'Organization'),
  'GET /repos/{owner}/{repo}': (ctx) => ({ status: 200, body: repoJson(ctx.api, repoOf(ctx)) }),
  'PATCH /repos/{owner}/{repo}': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as Partial<CreateRepoBody> & { default_branch?: string };
    if (b.name && b.name !== repo.name) throw new GitHubError(422, 'Renaming is not supported by the fake');
    if (b.default_branch) {
      if (!repo.refs.has(`refs/heads/${b.default_branch}`)) throw notFound();
      repo.default_branch = b.default_branch;
    }
    if (b.description !== undefined) repo.description = b.description;
    if (b.homepage !== undefined) repo.homepage = b.homepage;
    if (b.has_issues !== undefined) repo.has_issues = b.has_issues;
    if (b.visibility) repo.visibility = b.visibility;
    else if (b.private !== undefined) repo.visibility = b.private ? 'private' : 'public';
    repo.updated_at = ctx.state.timestamp();
    return { status: 200, body: repoJson(ctx.api, repo) };
  },
};
