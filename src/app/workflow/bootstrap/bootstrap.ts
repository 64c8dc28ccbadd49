import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PtError } from '../../../base/index.js';
import { type Doc, parseDoc, setFrontmatter } from '../../../domain/docs/index.js';
import { Git } from '../../../ports/git/index.js';
import { type App, findDoc, loadAll, requireWorkspace } from '../context.js';
import { checkThenWrite } from '../write-doc.js';
import { DEPENDENCIES_FILE, dependenciesYaml, specDependencies } from './dependencies.js';
import { type ScaffoldFile, scaffoldFiles } from './scaffold.js';
import { selectStandards } from './select-standards.js';
import { PROJECT_IGNORES_MARKER } from './templates.js';

export interface BootstrapOptions {
  dir?: string;
  repo?: string;
  dryRun?: boolean;
  standards?: string[];
  skipStandards?: string[];
}

export interface BootstrapResult {
  spec: { id: string; title: string };
  extensions: { id: string; title: string }[];
  standards: { id: string; title: string; why: string }[];
  skippedStandards: { id: string; why: string }[];
  repo: string;
  dir: string;
  status: 'new' | 'exists';
  action: 'create' | 'update-branch' | 'up-to-date';
  branch: string;
  commit: string | null;
  files: { path: string; action: 'create' | 'update' | 'keep' }[];
  recorded: boolean;
  dryRun: boolean;
}

export const updateBranch = (specId: string) => `update-spec-${specId}`;

function repoFor(spec: Doc, given?: string): string {
  const repo = given ?? (spec.implementations.length === 1 ? spec.implementations[0]!.repo : undefined);
  if (!repo) {
    throw new PtError(
      'bootstrap/which-repo',
      `${spec.id} lists ${spec.implementations.length} implementing repositories; say which one`,
      {
        hint: `Pass --repo ORG/NAME (${spec.implementations.map((i) => i.repo).join(', ') || 'none listed yet'}).`,
        exit: 2,
      },
    );
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new PtError('input/bad-repo', `"${repo}" is not ORG/NAME`, { exit: 2 });
  return repo;
}

/** Keeps the project's own ignores (below the marker) when .gitignore is regenerated. */
function mergeGitignore(desired: string, current: string | null): string {
  if (!current) return desired;
  const at = current.indexOf(PROJECT_IGNORES_MARKER);
  return at < 0 ? `${desired}${current}` : desired.replace(PROJECT_IGNORES_MARKER, '') + current.slice(at);
}

export function bootstrap(app: App, specId: string, opts: BootstrapOptions = {}): BootstrapResult {
  requireWorkspace(app);
  const set = loadAll(app);
  const spec = findDoc(app, set, specId, ['spec']);
  if (spec.status === 'deprecated')
    throw new PtError('spec/deprecated', `${spec.id} is deprecated`, { exit: 3 });
  const repo = repoFor(spec, opts.repo);
  if (!opts.dir) {
    throw new PtError(
      'usage/missing-dir',
      'bootstrap needs --dir PATH (the local forge); the GitHub forge is not built yet',
      {
        hint: `papertrail bootstrap ${spec.id} --dir ../${repo.split('/')[1]}`,
        exit: 2,
      },
    );
  }
  const dir = resolve(app.cwd, opts.dir);
  const extensions = set.docs
    .filter((d) => d.kind === 'extension' && d.baseId === spec.id && d.status !== 'deprecated')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const choice = selectStandards(
    spec,
    extensions,
    set.docs.filter((d) => d.kind === 'standard'),
    { add: opts.standards, skip: opts.skipStandards },
  );
  const specUrl = app.ws.config.repo
    ? `https://github.com/${app.ws.config.repo}/blob/main/${spec.file}`
    : relative(dir, spec.path).split('\\').join('/');
  // The implementing repo is recorded in the spec first (in memory), so the copy the repository gets
  // already says so and a re-run finds nothing to update.
  const recorded = !spec.implementations.some((i) => i.repo === repo);
  const specNow = recorded
    ? parseDoc({
        source: setFrontmatter(spec, 'implementations', [
          ...spec.implementations.map((i) => ({ ...i })),
          { repo, status: 'planned' },
        ]),
        path: spec.path,
        file: spec.file,
        scheme: app.scheme,
      })
    : spec;
  const desired = scaffoldFiles(specNow, extensions, choice.chosen, repo, specUrl);
  const deps = specDependencies(spec, extensions, set.docs, app.ws.root);
  if (deps.length) desired.push({ path: DEPENDENCIES_FILE, content: dependenciesYaml(deps), owned: false });

  const git = new Git(dir);
  const fresh = !existsSync(dir) || !git.isRepo() || !git.hasCommits();
  const current = (f: ScaffoldFile): string | null => (fresh ? null : git.show('HEAD', f.path));
  const files: BootstrapResult['files'] = [];
  const writes: { path: string; content: string }[] = [];
  for (const f of desired) {
    const now = current(f);
    const content = f.path === '.gitignore' ? mergeGitignore(f.content, now) : f.content;
    if (now === null) {
      files.push({ path: f.path, action: 'create' });
      writes.push({ path: f.path, content });
    } else if (!f.owned && now !== content) {
      files.push({ path: f.path, action: 'update' });
      writes.push({ path: f.path, content });
    } else files.push({ path: f.path, action: 'keep' });
  }

  const result: BootstrapResult = {
    spec: { id: spec.id, title: spec.title ?? spec.id },
    extensions: extensions.map((e) => ({ id: e.id, title: e.title ?? e.id })),
    standards: choice.chosen.map((c) => ({ id: c.doc.id, title: c.doc.title ?? c.doc.id, why: c.why })),
    skippedStandards: choice.skipped.map((s) => ({ id: s.doc.id, why: s.why })),
    repo,
    dir,
    status: fresh ? 'new' : 'exists',
    action: fresh ? 'create' : writes.length ? 'update-branch' : 'up-to-date',
    branch: fresh ? 'main' : updateBranch(spec.id),
    commit: null,
    files,
    recorded,
    dryRun: !!opts.dryRun,
  };
  if (opts.dryRun) return result;

  if (fresh) {
    if (existsSync(join(dir, '.git')) === false) git.init('main');
    result.commit = git.commitFiles(
      writes,
      `Bootstrap ${spec.id}: ${spec.title ?? ''}\n\nScaffolded by papertrail from ${spec.file}.`,
    );
  } else if (writes.length) {
    // An existing repository is never changed in place: the difference goes to a branch for review.
    if (!git.isClean()) {
      throw new PtError('bootstrap/dirty', `${dir} has uncommitted changes`, {
        hint: 'Commit or stash them, then run bootstrap again.',
        exit: 3,
      });
    }
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
  }
  if (recorded)
    checkThenWrite(app, set, { id: spec.id, path: spec.path, file: spec.file, content: specNow.source }, {});
  return result;
}
