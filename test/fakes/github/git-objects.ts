// Real git object hashing, so SHAs look and behave like GitHub's (same content, same SHA).
import { createHash } from 'node:crypto';
import type { GitObject, GitPerson, RepoRecord, TreeEntry } from './state.js';

function hash(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

export function putBlob(repo: RepoRecord, content: Buffer): string {
  const sha = hash('blob', content);
  repo.objects.set(sha, { type: 'blob', sha, content });
  return sha;
}

export function putTree(repo: RepoRecord, entries: TreeEntry[]): string {
  // Git sorts tree entries by name, with directories compared as if suffixed by '/'.
  const sorted = [...entries].sort((a, b) => {
    const ka = a.type === 'tree' ? `${a.path}/` : a.path;
    const kb = b.type === 'tree' ? `${b.path}/` : b.path;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const body = Buffer.concat(
    sorted.map((e) =>
      Buffer.concat([Buffer.from(`${e.mode.replace(/^0/, '')} ${e.path}\0`), Buffer.from(e.sha, 'hex')]),
    ),
  );
  const sha = hash('tree', body);
  repo.objects.set(sha, { type: 'tree', sha, entries: sorted });
  return sha;
}

function personLine(p: GitPerson): string {
  return `${p.name} <${p.email}> ${Math.floor(Date.parse(p.date) / 1000)} +0000`;
}

export function putCommit(
  repo: RepoRecord,
  c: { tree: string; parents: string[]; message: string; author: GitPerson; committer: GitPerson },
): string {
  const text = [
    `tree ${c.tree}`,
    ...c.parents.map((p) => `parent ${p}`),
    `author ${personLine(c.author)}`,
    `committer ${personLine(c.committer)}`,
    '',
    c.message,
  ].join('\n');
  const sha = hash('commit', Buffer.from(text));
  repo.objects.set(sha, { type: 'commit', sha, ...c });
  return sha;
}

/** Every file of a tree, by full path: the form base_tree edits are applied to. */
export function flattenTree(repo: RepoRecord, treeSha: string, prefix = ''): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const tree = repo.objects.get(treeSha);
  if (tree?.type !== 'tree') return out;
  for (const e of tree.entries) {
    const path = prefix + e.path;
    if (e.type === 'tree') for (const [p, sub] of flattenTree(repo, e.sha, `${path}/`)) out.set(p, sub);
    else out.set(path, { ...e, path });
  }
  return out;
}

/** Builds nested trees from full paths and returns the root tree's SHA. */
export function buildTree(repo: RepoRecord, files: Map<string, TreeEntry>): string {
  const here: TreeEntry[] = [];
  const dirs = new Map<string, Map<string, TreeEntry>>();
  for (const [path, entry] of files) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      here.push({ ...entry, path });
      continue;
    }
    const dir = path.slice(0, slash);
    const sub = dirs.get(dir) ?? new Map<string, TreeEntry>();
    sub.set(path.slice(slash + 1), entry);
    dirs.set(dir, sub);
  }
  for (const [dir, sub] of dirs)
    here.push({ path: dir, mode: '040000', type: 'tree', sha: buildTree(repo, sub) });
  return putTree(repo, here);
}

export function getObject<T extends GitObject['type']>(
  repo: RepoRecord,
  sha: string,
  type: T,
): Extract<GitObject, { type: T }> | undefined {
  const o = repo.objects.get(sha);
  return o?.type === type ? (o as Extract<GitObject, { type: T }>) : undefined;
}

/** Whether commit `ancestor` is `sha` or reachable from it through parents. */
export function isAncestor(repo: RepoRecord, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const todo = [sha];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (s === ancestor) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...(getObject(repo, s, 'commit')?.parents ?? []));
  }
  return false;
}
