import { PtError } from '../../../base/index.js';
import {
  classifyFileName,
  type Doc,
  type DocSet,
  parseDoc,
  setFrontmatter,
} from '../../../domain/docs/index.js';
import type { NewPullRequest } from '../../../ports/forge/index.js';
import { type App, findDoc, loadAll, requireWorkspace, withDocsLock } from '../../kernel/index.js';
import { checkThenWrite } from '../../kernel/write/index.js';
import {
  ASSISTANTS,
  isMcpConfig,
  type LegacyFile,
  legacyFiles,
  mergeMcpConfig,
  migrateLegacy,
} from '../assistant/index.js';
import { DEPENDENCIES_FILE, dependenciesYaml, specDependencies } from './dependencies.js';
import { type ScaffoldFile, scaffoldFiles } from './scaffold.js';
import { checkNamedStandards, type StandardChoice, selectStandards } from './select-standards.js';
import { PROJECT_IGNORES_MARKER } from './templates.js';

export interface BootstrapOptions {
  /** Local forge: the directory of the implementing git repository. */
  dir?: string;
  /** GitHub forge: ORG/NAME of the implementing repository (created when absent). */
  github?: string;
  /** Which of the spec's implementing repositories (local forge; --github names it already). */
  repo?: string;
  dryRun?: boolean;
  standards?: string[];
  skipStandards?: string[];
  /** Standards the implementing repository already has (`.github/standards/`), kept on a re-run. */
  keepStandards?: string[];
}

export interface BootstrapResult {
  spec: { id: string; title: string };
  extensions: { id: string; title: string }[];
  standards: { id: string; title: string; why: string }[];
  skippedStandards: { id: string; why: string }[];
  repo: string;
  forge: 'local' | 'github';
  /** The local repository's directory (local forge), or its web address (GitHub). */
  dir: string;
  status: 'new' | 'exists';
  action: 'create' | 'update-branch' | 'up-to-date';
  branch: string;
  commit: string | null;
  /** The pull request that proposes an update to an existing GitHub repository. */
  pullRequest?: { number: number; created: boolean };
  /**
   * `manual`: an MCP configuration the repository has that could not be edited safely, and the entry
   * to add by hand (an editable one gets the papertrail server added beside its others: `update`).
   */
  files: {
    path: string;
    /** `remove`: a slash-command file an earlier version wrote, unchanged, that a skill replaces. */
    action: 'create' | 'update' | 'remove' | 'keep';
    manual?: { why: string; add: string };
  }[];
  /** Such slash-command files the repository has edited: left as they are (see README, assistants). */
  legacy: LegacyFile[];
  recorded: boolean;
  dryRun: boolean;
}

export const updateBranch = (specId: string) => `update-spec-${specId}`;

const STANDARDS_DIR = '.github/standards/';

/**
 * The options with the standards the repository already holds (the copies bootstrap wrote under
 * `.github/standards/`, given as the repository's file paths) to keep.
 */
export function keepHeld(app: App, opts: BootstrapOptions, paths: Iterable<string>): BootstrapOptions {
  const held = new Set<string>();
  for (const p of paths) {
    const name = p.startsWith(STANDARDS_DIR) ? p.slice(STANDARDS_DIR.length) : '';
    const named = name.includes('/') ? null : classifyFileName(name, app.scheme);
    if (named?.kind === 'standard') held.add(named.id);
  }
  return held.size ? { ...opts, keepStandards: [...held].sort() } : opts;
}

/** What both forges need: the spec as it will be recorded, and every file its repository should have. */
export interface Prepared {
  set: DocSet;
  spec: Doc;
  /** The spec with the implementing repository recorded (what the repository's copy says). */
  specNow: Doc;
  recorded: boolean;
  extensions: Doc[];
  choice: StandardChoice;
  repo: string;
  desired: ScaffoldFile[];
  /** The slash-command files earlier versions wrote, which skills replace. */
  legacy: LegacyFile[];
  /** The location recorded with the implementation (local forge), when it had none. */
  link?: string;
}

/** A file to write, or (content null) to delete. */
export interface FileChange {
  path: string;
  content: string | null;
}

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
    throw new PtError('input/bad-repo', `"${repo}" is not ORG/NAME`, {
      hint: 'Give the repository as its owner and name, like my-org/my-service.',
      exit: 2,
    });
  return repo;
}

export function prepareBootstrap(
  app: App,
  specId: string,
  opts: BootstrapOptions,
  target: {
    forge: 'local' | 'github';
    specUrl: (spec: Doc) => string;
    /** The implementing repository's folder (local forge): dependency folders are given from it. */
    dir?: string;
    /** Where the implementing repository lives, recorded as its implementation's `link` when it has none. */
    link?: string;
  },
): Prepared {
  requireWorkspace(app);
  const set = loadAll(app);
  const spec = findDoc(app, set, specId, ['spec']);
  if (spec.status === 'deprecated')
    throw new PtError('spec/deprecated', `${spec.id} is deprecated`, {
      hint: 'Bootstrap the spec that replaces it (papertrail list --kind spec), or set its status back first.',
      exit: 3,
    });
  const repo = repoFor(spec, opts.github ?? opts.repo);
  const extensions = set.docs
    .filter((d) => d.kind === 'extension' && d.baseId === spec.id && d.status !== 'deprecated')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const standards = set.docs.filter((d) => d.kind === 'standard');
  checkNamedStandards(
    [
      { flag: '--standard', ids: opts.standards ?? [] },
      { flag: '--skip-standard', ids: opts.skipStandards ?? [] },
    ],
    standards,
  );
  const choice = selectStandards(spec, extensions, standards, {
    add: opts.standards,
    skip: opts.skipStandards,
    keep: opts.keepStandards,
  });
  // The implementing repo is recorded in the spec first (in memory), so the copy the repository gets
  // already says so and a re-run finds nothing to update.
  const recorded = needsRecord(spec, repo, target.link);
  const specNow = recorded
    ? parseDoc({
        source: withImplementation(spec, repo, target.link),
        path: spec.path,
        file: spec.file,
        scheme: app.scheme,
      })
    : spec;
  const desired = scaffoldFiles(specNow, extensions, choice.chosen, repo, target.specUrl(spec), target.forge);
  const deps = specDependencies(spec, extensions, set.docs, app.ws.root, target.dir);
  if (deps.length) desired.push({ path: DEPENDENCIES_FILE, content: dependenciesYaml(deps), owned: false });
  const legacy = legacyFiles('implementing', ASSISTANTS);
  return { set, spec, specNow, recorded, extensions, choice, repo, desired, legacy, link: target.link };
}

/** Keeps the project's own ignores (below the marker) when .gitignore is regenerated. */
function mergeGitignore(desired: string, current: string | null): string {
  if (!current) return desired;
  const at = current.indexOf(PROJECT_IGNORES_MARKER);
  return at < 0 ? `${desired}${current}` : desired.replace(PROJECT_IGNORES_MARKER, '') + current.slice(at);
}

/**
 * Which files to write, given what the repository has (`current` is null for a file it lacks). Files the
 * project owns are only ever created; the others are brought up to date. Legacy slash-command files are
 * deleted when they are exactly as Papertrail wrote them, and otherwise left (`legacy`).
 */
export function diffFiles(
  desired: ScaffoldFile[],
  current: (path: string) => string | null,
  legacy: LegacyFile[] = [],
): { files: BootstrapResult['files']; writes: FileChange[]; legacy: LegacyFile[] } {
  const files: BootstrapResult['files'] = [];
  const writes: FileChange[] = [];
  for (const f of desired) {
    const now = current(f.path);
    const content = f.path === '.gitignore' ? mergeGitignore(f.content, now) : f.content;
    const mcp = now !== null && isMcpConfig(f.path) ? mergeMcpConfig(f.path, now) : null;
    if (mcp?.action === 'merge') {
      files.push({ path: f.path, action: 'update' });
      writes.push({ path: f.path, content: mcp.content });
    } else if (mcp?.action === 'manual') {
      files.push({ path: f.path, action: 'keep', manual: { why: mcp.why, add: mcp.add } });
    } else if (now === null) {
      files.push({ path: f.path, action: 'create' });
      writes.push({ path: f.path, content });
    } else if (!f.owned && now !== content) {
      files.push({ path: f.path, action: 'update' });
      writes.push({ path: f.path, content });
    } else files.push({ path: f.path, action: 'keep' });
  }
  const migration = migrateLegacy(legacy, current);
  for (const f of migration.remove) {
    files.push({ path: f.path, action: 'remove' });
    writes.push({ path: f.path, content: null });
  }
  return { files, writes, legacy: migration.keep };
}

export function summaryOf(
  p: Prepared,
  rest: Omit<BootstrapResult, 'spec' | 'extensions' | 'standards' | 'skippedStandards' | 'repo' | 'recorded'>,
): BootstrapResult {
  return {
    spec: { id: p.spec.id, title: p.spec.title ?? p.spec.id },
    extensions: p.extensions.map((e) => ({ id: e.id, title: e.title ?? e.id })),
    standards: p.choice.chosen.map((c) => ({ id: c.doc.id, title: c.doc.title ?? c.doc.id, why: c.why })),
    skippedStandards: p.choice.skipped.map((s) => ({ id: s.id, why: s.why })),
    repo: p.repo,
    recorded: p.recorded,
    ...rest,
  };
}

/**
 * True when the spec does not list `repo` yet, or lists it without the location `link` to record (a
 * location written by hand, or found earlier, is kept).
 */
function needsRecord(spec: Doc, repo: string, link?: string): boolean {
  const entry = spec.implementations.find((i) => i.repo === repo);
  return !entry || (!!link && !entry.link);
}

/**
 * The spec's text with `repo` added to its implementations, as planned, or given the location `link`
 * where it is listed without one.
 */
function withImplementation(spec: Doc, repo: string, link?: string): string {
  const listed = spec.implementations.some((i) => i.repo === repo);
  return setFrontmatter(spec, 'implementations', [
    ...spec.implementations.map((i) => (i.repo === repo && !i.link && link ? { ...i, link } : { ...i })),
    ...(listed ? [] : [{ repo, status: 'planned', ...(link ? { link } : {}) }]),
  ]);
}

/**
 * Records the implementing repository in the spec's frontmatter (after the repository has been written).
 * The spec is read again under the workspace lock, since writing the repository takes a while and the
 * spec may have been edited meanwhile: the entry is added to the spec as it is now.
 */
export function recordImplementation(app: App, p: Prepared): void {
  if (!p.recorded) return;
  withDocsLock(app, () => {
    const set = loadAll(app);
    const spec = findDoc(app, set, p.spec.id, ['spec']);
    if (!needsRecord(spec, p.repo, p.link)) return;
    const content = withImplementation(spec, p.repo, p.link);
    checkThenWrite(app, set, { id: spec.id, path: spec.path, file: spec.file, content }, {});
  });
}

/** The pull request that proposes an update of an existing implementing repository. */
export function updatePullRequest(
  p: Prepared,
  files: BootstrapResult['files'],
  head: string,
  base: string,
): NewPullRequest {
  const changed = files.filter((f) => f.action !== 'keep');
  const body = [
    `Brings this repository in line with ${p.spec.id} (${p.spec.title ?? ''}), its extensions and the standards that apply.`,
    '',
    ...changed.map((f) => `- ${f.action === 'create' ? 'add' : f.action} \`${f.path}\``),
    '',
    'Files the project owns (README.md, AGENTS.md, standards’ scaffolds) are only ever added, never changed.',
    ...(changed.some((f) => f.action === 'remove')
      ? [
          'The removed slash-command files are exactly as an earlier Papertrail wrote them; the skills under `.github/skills/` and `.claude/skills/` replace them.',
        ]
      : []),
  ].join('\n');
  return { title: `Update spec: ${p.spec.id} ${p.spec.title ?? ''}`.trim(), body, head, base, draft: false };
}
