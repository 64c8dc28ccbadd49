import { createHash } from 'node:crypto';
import type { Doc } from '../../../domain/docs/index.js';
import type { GitHubForge } from '../../../ports/forge/github.js';
import { type App, openGitHubForge } from '../../kernel/index.js';
import { isMcpConfig } from '../assistant/index.js';
import {
  type BootstrapOptions,
  type BootstrapResult,
  diffFiles,
  keepHeld,
  type Prepared,
  prepareBootstrap,
  recordImplementation,
  summaryOf,
  updateBranch,
  updatePullRequest,
} from './prepare.js';

/** git's object id of a blob: lets a file be compared with the repository's without downloading it. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A repository holding nothing but the README GitHub's auto_init wrote (a run cut off after creating it). */
async function onlyAutoInit(forge: GitHubForge, tree: Map<string, string>, name: string): Promise<boolean> {
  const readme = tree.get('README.md');
  if (tree.size !== 1 || !readme) return false;
  const text = (await forge.readBlob(readme)).trim();
  return text.split('\n').length <= 2 && text.startsWith(`# ${name}`);
}

/**
 * What the repository has of each wanted file. Only files whose blob differs are downloaded; the project's
 * own files (README, AGENTS…) only need to exist.
 */
async function currentFiles(
  forge: GitHubForge,
  p: Prepared,
  tree: Map<string, string>,
): Promise<Map<string, string>> {
  const have = new Map<string, string>();
  for (const f of p.desired) {
    const sha = tree.get(f.path);
    if (!sha) continue;
    // An MCP configuration of the project's own is read too: the papertrail server is added to it.
    if (f.owned && !isMcpConfig(f.path)) have.set(f.path, f.content);
    else have.set(f.path, gitBlobSha(f.content) === sha ? f.content : await forge.readBlob(sha));
  }
  // Slash-command files of an earlier version: read to tell Papertrail's own from the project's edits.
  for (const f of p.legacy) {
    const sha = tree.get(f.path);
    if (sha) have.set(f.path, await forge.readBlob(sha));
  }
  return have;
}

/**
 * Bootstraps the implementing repository on GitHub: creates it (internal where the server allows,
 * otherwise private) with every scaffolded file in one commit; on a repository that exists, commits the
 * difference to `update-spec-SPEC-NNNN` and opens (or reuses) a pull request for it.
 */
export async function bootstrapGitHub(
  app: App,
  specId: string,
  opts: BootstrapOptions,
  open: (repo: string) => Promise<GitHubForge> = (repo) => openGitHubForge(repo, { onNote: app.onNote }),
): Promise<BootstrapResult> {
  const target = {
    forge: 'github' as const,
    specUrl: (spec: Doc) =>
      app.ws.config.repo ? `${webUrl(app.ws.config.repo)}/blob/main/${spec.file}` : spec.file,
  };
  // The repository is named by the spec (or --github), so the spec is read before the repository is;
  // the standards it already holds then join the choice.
  let p = prepareBootstrap(app, specId, opts, target);
  const { spec } = p;
  const forge = await open(p.repo);
  const existing = await forge.getRepository();
  const tree = existing ? await forge.readTree(existing.defaultBranch) : null;
  const kept = keepHeld(app, opts, tree?.keys() ?? []);
  if (kept !== opts) p = prepareBootstrap(app, specId, kept, target);
  const fresh = !existing || !tree || (await onlyAutoInit(forge, tree, p.repo.split('/')[1]!));
  const have = fresh || !tree ? new Map<string, string>() : await currentFiles(forge, p, tree);
  const { files, writes, legacy } = diffFiles(p.desired, (path) => have.get(path) ?? null, p.legacy);
  const base = existing?.defaultBranch ?? 'main';
  const result = summaryOf(p, {
    forge: 'github',
    dir: webUrl(p.repo),
    status: existing ? 'exists' : 'new',
    action: fresh ? 'create' : writes.length ? 'update-branch' : 'up-to-date',
    branch: fresh ? base : updateBranch(spec.id),
    commit: null,
    files,
    legacy,
    dryRun: !!opts.dryRun,
  });
  if (opts.dryRun) return result;

  if (fresh) {
    const made = await forge.ensureRepository({
      visibility: 'internal',
      description: `${spec.id}: ${spec.title ?? ''}`.trim(),
    });
    result.branch = made.defaultBranch;
    const c = await forge.commitFiles({
      branch: made.defaultBranch,
      message: `Bootstrap ${spec.id}: ${spec.title ?? ''}\n\nScaffolded by papertrail from ${spec.file}.`,
      files: writes,
    });
    result.commit = c.sha;
  } else if (writes.length) {
    // An existing repository is never changed in place: the difference is proposed as a pull request.
    // A branch left by an earlier run may hold some of it already; only what it lacks is committed, so a
    // re-run writes nothing (not even a tree).
    const onBranch = await forge.readTree(result.branch);
    const missing = onBranch
      ? writes.filter((w) =>
          w.content === null ? onBranch.has(w.path) : onBranch.get(w.path) !== gitBlobSha(w.content),
        )
      : writes;
    if (missing.length) {
      const c = await forge.commitFiles({
        branch: result.branch,
        base,
        message: `Update spec: ${spec.id} ${spec.title ?? ''}\n\nFiles that differ from ${spec.file} and its extensions and standards.`,
        files: missing,
      });
      result.commit = c.sha;
    }
    const openPr = (await forge.listPullRequests()).find(
      (pr) => pr.head === result.branch && pr.state === 'open',
    );
    const pr = openPr ?? (await forge.createPullRequest(updatePullRequest(p, files, result.branch, base)));
    result.pullRequest = { number: pr.number, created: !openPr };
  }
  recordImplementation(app, p);
  return result;
}

function webUrl(repo: string): string {
  return `${(process.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${repo}`;
}
