import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PtError } from '../../../base/index.js';
import type { NewPullRequest } from '../../../ports/forge/index.js';
import { Git } from '../../../ports/git/index.js';
import { type App, openApp, withForge } from '../../kernel/index.js';
import { isMcpConfig } from '../assistant/index.js';
import { folderFrom } from './dependencies.js';
import {
  type BootstrapOptions,
  type BootstrapResult,
  diffFiles,
  keepHeld,
  prepareBootstrap,
  recordImplementation,
  summaryOf,
  updateBranch,
  updatePullRequest,
} from './prepare.js';

/** Bootstraps the implementing repository as a git repository in `opts.dir` (the local forge). */
export async function bootstrap(
  app: App,
  specId: string,
  opts: BootstrapOptions = {},
): Promise<BootstrapResult> {
  if (!opts.dir) {
    throw new PtError('usage/missing-target', 'bootstrap needs --dir PATH (local) or --github ORG/REPO', {
      hint: `papertrail bootstrap ${specId} --dir ../my-service   or   --github my-org/my-service`,
      exit: 2,
    });
  }
  const dir = resolve(app.cwd, opts.dir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new PtError('bootstrap/not-a-directory', `${opts.dir} exists and is not a folder`, {
      hint: 'Give --dir a folder (it is created when missing), or move the file away.',
      location: { file: opts.dir },
      exit: 3,
    });
  }
  const git = new Git(dir);
  const fresh = !existsSync(dir) || !git.isRepo() || !git.hasCommits();
  const held = fresh
    ? []
    : git.run(['ls-tree', '-r', '--name-only', 'HEAD', '--', '.github/standards/']).split('\n');
  const p = prepareBootstrap(app, specId, keepHeld(app, opts, held), {
    forge: 'local',
    specUrl: (spec) =>
      app.ws.config.repo
        ? `https://github.com/${app.ws.config.repo}/blob/main/${spec.file}`
        : relative(dir, spec.path).split('\\').join('/'),
    dir,
    // Where the repository is, for the specs that depend on this one: plan clones it from there.
    link: folderFrom(app.ws.root, dir),
  });

  // A folder without history may still hold someone's files: read them from disk, never assume absence.
  // A folder without history never had Papertrail's commands committed: only a repository is migrated.
  const { files, writes, legacy } = diffFiles(
    p.desired,
    (path) => (fresh ? onDisk(join(dir, path)) : git.show('HEAD', path)),
    fresh ? [] : p.legacy,
  );
  if (fresh) refuseOverwrites(dir, files);
  const result = summaryOf(p, {
    forge: 'local',
    dir,
    status: fresh ? 'new' : 'exists',
    action: fresh ? 'create' : writes.length ? 'update-branch' : 'up-to-date',
    branch: fresh ? 'main' : updateBranch(p.spec.id),
    commit: null,
    files,
    legacy,
    dryRun: !!opts.dryRun,
  });
  // Refused before the dry run returns too: it must not promise an update the real run would refuse.
  if (!fresh && writes.length && !git.isClean()) {
    throw new PtError('bootstrap/dirty', `${dir} has uncommitted changes`, {
      hint: 'Commit or stash them, then run bootstrap again.',
      exit: 3,
    });
  }
  if (opts.dryRun) return result;

  const { spec } = p;
  if (fresh) {
    if (existsSync(join(dir, '.git')) === false) git.init('main');
    // Files the folder already had and bootstrap keeps (its own README…) go into the first commit too,
    // so that a later re-run compares against them instead of seeing them as missing.
    const kept = files
      .filter((f) => f.action === 'keep')
      .map((f) => ({ path: f.path, content: onDisk(join(dir, f.path)) }))
      .filter((f): f is { path: string; content: string } => f.content !== null);
    result.commit = git.commitFiles(
      [...writes, ...kept],
      `Bootstrap ${spec.id}: ${spec.title ?? ''}\n\nScaffolded by papertrail from ${spec.file}.`,
    );
  } else if (writes.length) {
    // An existing repository is never changed in place: the difference goes to a branch for review.
    const back = git.currentBranch();
    git.checkoutNew(result.branch, back);
    try {
      result.commit = git.commitFiles(
        writes,
        `Update spec: ${spec.id} ${spec.title ?? ''}\n\nFiles that differ from ${spec.file} and its extensions and standards.`,
      );
    } finally {
      git.checkout(back);
    }
    result.pullRequest = await proposeLocally(app, dir, updatePullRequest(p, files, result.branch, back));
  }
  recordImplementation(app, p);
  return result;
}

function onDisk(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Without a commit to compare against there is no branch to propose changes on, so a file of the
 * folder's own that bootstrap would replace stops the run before anything is written.
 */
function refuseOverwrites(dir: string, files: BootstrapResult['files']): void {
  // .gitignore and the MCP configurations are merged (the folder's own lines and servers are kept), so
  // they never count as replaced.
  const merged = (path: string) => path === '.gitignore' || isMcpConfig(path);
  const clashes = files.filter((f) => f.action === 'update' && !merged(f.path)).map((f) => f.path);
  if (!clashes.length) return;
  throw new PtError(
    'bootstrap/would-overwrite',
    `${dir} is not a git repository with commits, and bootstrap would replace ${clashes.length} of its files: ${clashes.join(', ')}`,
    {
      hint: 'Move those files away, or commit the folder first (git init && git add -A && git commit) so that bootstrap proposes its changes on a branch instead.',
      location: { file: join(dir, clashes[0]!) },
      exit: 3,
    },
  );
}

/**
 * The update branch becomes a pull request on the repository's own forge when that is the local one
 * (its store, like `plan`'s issues); a GitHub repository gets it once the branch is pushed.
 */
async function proposeLocally(
  app: App,
  dir: string,
  pr: NewPullRequest,
): Promise<BootstrapResult['pullRequest']> {
  const repoApp = openApp(dir, process.env, { onNote: app.onNote });
  if (repoApp.ws.config.forge !== 'local' || !repoApp.ws.config.repo) return undefined;
  return withForge(repoApp, async (forge) => {
    const open = (await forge.listPullRequests()).find((x) => x.head === pr.head && x.state === 'open');
    const made = open ?? (await forge.createPullRequest(pr));
    return { number: made.number, created: !open };
  });
}
