import { GitHubError, invalid, notFound } from '../errors.js';
import { buildTree, flattenTree, getObject, isAncestor, putBlob, putCommit } from '../git-objects.js';
import { nodeId } from '../objects.js';
import type { GitPerson, RepoRecord, TreeEntry } from '../state.js';
import { type Ctx, type Routes, repoOf } from './types.js';

const base = (ctx: Ctx, repo: RepoRecord) => `${ctx.api}/repos/${repo.owner}/${repo.name}`;
const idOf = (sha: string) => Number.parseInt(sha.slice(0, 8), 16);

function refJson(ctx: Ctx, repo: RepoRecord, ref: string, sha: string) {
  return {
    ref,
    node_id: nodeId('REF', idOf(sha)),
    url: `${base(ctx, repo)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${base(ctx, repo)}/git/commits/${sha}` },
  };
}

function commitJson(ctx: Ctx, repo: RepoRecord, sha: string) {
  const c = getObject(repo, sha, 'commit');
  if (!c) throw notFound();
  return {
    sha,
    node_id: nodeId('C', idOf(sha)),
    url: `${base(ctx, repo)}/git/commits/${sha}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: `${base(ctx, repo)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${base(ctx, repo)}/git/commits/${p}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function treeJson(ctx: Ctx, repo: RepoRecord, sha: string, recursive: boolean) {
  const entries = recursive ? walk(repo, sha, '') : (getObject(repo, sha, 'tree')?.entries ?? []);
  return {
    sha,
    url: `${base(ctx, repo)}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((e) => {
      const blob = e.type === 'blob' ? getObject(repo, e.sha, 'blob') : undefined;
      return {
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(blob ? { size: blob.content.length } : {}),
        url: `${base(ctx, repo)}/git/${e.type}s/${e.sha}`,
      };
    }),
  };
}

/** Trees and blobs under a tree, depth first, as `recursive=1` lists them. */
function walk(repo: RepoRecord, sha: string, prefix: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const e of getObject(repo, sha, 'tree')?.entries ?? []) {
    out.push({ ...e, path: prefix + e.path });
    if (e.type === 'tree') out.push(...walk(repo, e.sha, `${prefix}${e.path}/`));
  }
  return out;
}

/** A SHA, or a branch name as GitHub also accepts for trees. */
function resolveTree(repo: RepoRecord, shaOrRef: string): string {
  const commit = repo.refs.get(`refs/heads/${shaOrRef}`) ?? shaOrRef;
  const fromCommit = getObject(repo, commit, 'commit')?.tree;
  const sha = fromCommit ?? shaOrRef;
  if (!getObject(repo, sha, 'tree')) throw notFound();
  return sha;
}

interface TreeInput {
  path: string;
  mode: TreeEntry['mode'];
  type: TreeEntry['type'];
  sha?: string | null;
  content?: string;
}

export const gitRoutes: Routes = {
  'GET /repos/{owner}/{repo}/git/ref/{ref}': (ctx) => {
    const repo = repoOf(ctx);
    if (repo.refs.size === 0) throw new GitHubError(409, 'Git Repository is empty.');
    const ref = `refs/${String(ctx.params.ref)}`;
    const sha = repo.refs.get(ref);
    if (!sha) throw notFound();
    return { status: 200, body: refJson(ctx, repo, ref, sha) };
  },
  'POST /repos/{owner}/{repo}/git/refs': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { ref: string; sha: string };
    if (!b.ref.startsWith('refs/') || b.ref.split('/').length < 3) {
      throw new GitHubError(422, `${b.ref} is not a valid ref name.`);
    }
    if (repo.refs.has(b.ref)) throw new GitHubError(422, 'Reference already exists');
    if (!getObject(repo, b.sha, 'commit')) throw new GitHubError(422, 'Object does not exist');
    repo.refs.set(b.ref, b.sha);
    return { status: 201, body: refJson(ctx, repo, b.ref, b.sha) };
  },
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${String(ctx.params.ref)}`;
    const current = repo.refs.get(ref);
    if (!current) throw new GitHubError(422, 'Reference does not exist');
    const b = ctx.body as { sha: string; force?: boolean };
    if (!getObject(repo, b.sha, 'commit')) throw new GitHubError(422, 'Object does not exist');
    if (!b.force && !isAncestor(repo, current, b.sha))
      throw new GitHubError(422, 'Update is not a fast forward');
    repo.refs.set(ref, b.sha);
    return { status: 200, body: refJson(ctx, repo, ref, b.sha) };
  },
  'POST /repos/{owner}/{repo}/git/blobs': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { content: string; encoding?: string };
    const sha = putBlob(repo, Buffer.from(b.content, b.encoding === 'base64' ? 'base64' : 'utf8'));
    return { status: 201, body: { url: `${base(ctx, repo)}/git/blobs/${sha}`, sha } };
  },
  'POST /repos/{owner}/{repo}/git/trees': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as { tree: TreeInput[]; base_tree?: string };
    let files = new Map<string, TreeEntry>();
    if (b.base_tree) {
      if (!getObject(repo, b.base_tree, 'tree')) throw invalid('Tree', 'base_tree');
      files = flattenTree(repo, b.base_tree);
    }
    for (const e of b.tree) {
      if (e.sha === null) {
        // A null sha deletes the path (or everything under a directory).
        for (const p of [...files.keys()]) if (p === e.path || p.startsWith(`${e.path}/`)) files.delete(p);
        continue;
      }
      const sha = e.content !== undefined ? putBlob(repo, Buffer.from(e.content)) : e.sha;
      if (!sha || !repo.objects.has(sha)) throw invalid('Tree', 'tree.sha');
      files.set(e.path, { path: e.path, mode: e.mode, type: e.type, sha });
    }
    return { status: 201, body: treeJson(ctx, repo, buildTree(repo, files), false) };
  },
  'POST /repos/{owner}/{repo}/git/commits': (ctx) => {
    const repo = repoOf(ctx);
    const b = ctx.body as {
      message: string;
      tree: string;
      parents?: string[];
      author?: Partial<GitPerson>;
      committer?: Partial<GitPerson>;
    };
    if (!getObject(repo, b.tree, 'tree')) throw invalid('Commit', 'tree');
    for (const p of b.parents ?? []) if (!getObject(repo, p, 'commit')) throw invalid('Commit', 'parents');
    const date = ctx.state.timestamp();
    const me = { name: ctx.state.login, email: `${ctx.state.login}@users.noreply.github.com`, date };
    const author = { ...me, ...b.author };
    const sha = putCommit(repo, {
      tree: b.tree,
      parents: b.parents ?? [],
      message: b.message,
      author,
      committer: { ...author, ...b.committer },
    });
    return { status: 201, body: commitJson(ctx, repo, sha) };
  },
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': (ctx) => {
    const repo = repoOf(ctx);
    const sha = resolveTree(repo, String(ctx.params.tree_sha));
    return { status: 200, body: treeJson(ctx, repo, sha, ctx.query.recursive !== undefined) };
  },
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': (ctx) => {
    const repo = repoOf(ctx);
    const sha = String(ctx.params.file_sha);
    const blob = getObject(repo, sha, 'blob');
    if (!blob) throw notFound();
    return {
      status: 200,
      body: {
        sha,
        node_id: nodeId('B', idOf(sha)),
        url: `${base(ctx, repo)}/git/blobs/${sha}`,
        size: blob.content.length,
        content: blob.content.toString('base64'),
        encoding: 'base64',
      },
    };
  },
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': (ctx) => {
    const repo = repoOf(ctx);
    const prefix = `refs/${String(ctx.params.ref)}`;
    const refs = [...repo.refs]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return { status: 200, body: refs.map(([name, sha]) => refJson(ctx, repo, name, sha)) };
  },
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${String(ctx.params.ref)}`;
    if (!repo.refs.has(ref)) throw new GitHubError(422, 'Reference does not exist');
    if (ref === `refs/heads/${repo.default_branch}`)
      throw new GitHubError(422, 'Cannot delete the default branch');
    repo.refs.delete(ref);
    return { status: 204 };
  },
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': (ctx) => {
    const repo = repoOf(ctx);
    return { status: 200, body: commitJson(ctx, repo, String(ctx.params.commit_sha)) };
  },
};
