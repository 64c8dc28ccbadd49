import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Git } from '../../../ports/git/index.js';
import { type App, insideApp } from '../../kernel/index.js';
import { type Dependency, readDependencies } from './dependencies-file.js';

/**
 * What happened to one dependency's clone. `stale`: the clone exists but could not be refreshed, and
 * is used as it is (at `from`); `failed`: there is no clone. The `would-` statuses are a dry run's.
 */
export type ContextStatus =
  | 'cloned'
  | 'updated'
  | 'unchanged'
  | 'stale'
  | 'failed'
  | 'would-clone'
  | 'would-refresh';

export interface ContextClone {
  spec: string;
  repo: string;
  dir: string;
  /** Where it is cloned or fetched from, as `.github/spec/dependencies.yaml` gives it. */
  url: string;
  status: ContextStatus;
  /** The commit the clone was at before (null when there was no clone). */
  from: string | null;
  /** The commit it is at now (a dry run: the one it would move to, when the remote said). */
  to: string | null;
  message?: string;
}

const short = (sha: string | null) => (sha ? sha.slice(0, 7) : '?');
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * Shallow, read-only clones of the repositories that implement the specs this one depends on, in
 * scratchpad/contexts/<name> (git-ignored), cloned when missing and brought up to date when present
 * (fetch and fast-forward; cloned again when the history was rewritten). A failure is reported, not
 * fatal: the plan itself does not need the clones, the implementer does, and a stale one is still
 * worth reading. A dry run changes nothing here: it asks the remote where it is (`ls-remote`) and
 * says what it would do.
 */
export function cloneContexts(
  app: App,
  opts: { dryRun?: boolean; dependencies?: Dependency[] } = {},
): ContextClone[] {
  const out: ContextClone[] = [];
  for (const d of opts.dependencies ?? readDependencies(app)) {
    const name = d.repo
      .split('/')
      .pop()!
      .replace(/[^\w.-]/g, '-');
    const dir = join('scratchpad', 'contexts', name);
    const abs = join(app.ws.root, dir);
    insideApp(app, abs, dir);
    // A folder is relative to the implementing repository, wherever git runs.
    const source = /^\.{1,2}[\\/]/.test(d.url) ? resolve(app.ws.root, d.url) : d.url;
    const base = { spec: d.spec, repo: d.repo, dir, url: d.url };
    if (existsSync(join(abs, '.git'))) out.push(refresh(app, abs, source, base, !!opts.dryRun));
    else if (opts.dryRun)
      out.push({ ...base, status: 'would-clone', from: null, to: null, message: `from ${d.url}` });
    else out.push(clone(app, dir, source, base));
  }
  return out;
}

type Base = Pick<ContextClone, 'spec' | 'repo' | 'dir' | 'url'>;

function clone(app: App, dir: string, source: string, base: Base): ContextClone {
  try {
    new Git(app.ws.root).run(['clone', '-q', '--depth', '1', '--', source, dir]);
    const to = new Git(join(app.ws.root, dir)).run(['rev-parse', 'HEAD']);
    return { ...base, status: 'cloned', from: null, to, message: `at ${short(to)}` };
  } catch (e) {
    return { ...base, status: 'failed', from: null, to: null, message: firstLine(e) };
  }
}

function refresh(app: App, abs: string, source: string, base: Base, dryRun: boolean): ContextClone {
  const git = new Git(abs);
  const from = git.run(['rev-parse', '--verify', '-q', 'HEAD'], { allowFail: true }) || null;
  const stale = (why: string): ContextClone => ({
    ...base,
    status: 'stale',
    from,
    to: from,
    message: `at ${short(from)}, used as it is; refreshing it failed: ${why}`,
  });
  if (dryRun) {
    let to: string | null = null;
    try {
      to = git.run(['ls-remote', '--', source, 'HEAD']).split(/\s/)[0] || null;
    } catch (e) {
      const why = `from ${base.url}; the remote did not answer: ${firstLine(e)}`;
      return { ...base, status: 'would-refresh', from, to: null, message: why };
    }
    if (to && to === from) return { ...base, status: 'unchanged', from, to, message: `at ${short(from)}` };
    return {
      ...base,
      status: 'would-refresh',
      from,
      to,
      message: `${short(from)}..${short(to)}`,
    };
  }
  // The clones are read-only; one someone has changed is left as it is rather than overwritten.
  if (git.run(['--no-optional-locks', 'status', '--porcelain'], { allowFail: true }) !== '')
    return stale('it has local changes');
  try {
    // Without --depth the fetch stops at the commits the clone has, so a fast-forward can be checked.
    git.run(['fetch', '-q', '--no-tags', '--', source, 'HEAD']);
  } catch (e) {
    return stale(firstLine(e));
  }
  const fetched = git.run(['rev-parse', 'FETCH_HEAD']);
  if (fetched === from) return { ...base, status: 'unchanged', from, to: from, message: `at ${short(from)}` };
  try {
    git.run(['merge', '-q', '--ff-only', fetched]);
  } catch {
    // History rewritten upstream (or a clone of another repository): clone it again beside, then swap.
    const again = reclone(app, abs, source);
    if (again instanceof Error) return stale(firstLine(again));
  }
  const to = git.run(['rev-parse', 'HEAD']);
  return { ...base, status: 'updated', from, to, message: `${short(from)}..${short(to)}` };
}

/** Replaces the clone at `abs` with a new one, the old one kept until the new one is whole. */
function reclone(app: App, abs: string, source: string): Error | null {
  const fresh = `${abs}.${process.pid}.tmp`;
  const old = `${abs}.${process.pid}.old`;
  try {
    rmSync(fresh, { recursive: true, force: true });
    new Git(app.ws.root).run(['clone', '-q', '--depth', '1', '--', source, fresh]);
    renameSync(abs, old);
    renameSync(fresh, abs);
    rmSync(old, { recursive: true, force: true });
    return null;
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    if (!existsSync(abs) && existsSync(old)) renameSync(old, abs);
    return e instanceof Error ? e : new Error(String(e));
  }
}

const SAID: Record<ContextStatus, string> = {
  cloned: 'cloned',
  updated: 'moved',
  unchanged: 'unchanged',
  stale: 'stale',
  failed: 'failed',
  'would-clone': 'would clone',
  'would-refresh': 'would refresh',
};

/** One line per dependency, as plan and implement print them; a stale or missing clone is a warning. */
export function contextLines(contexts: ContextClone[]): string[] {
  return contexts.map((c) => {
    const warn = c.status === 'stale' || c.status === 'failed' ? 'warning: ' : '';
    const sep = c.status === 'failed' ? ': ' : ' ';
    return `- ${warn}${c.spec} → ${c.repo} in ${c.dir}: ${SAID[c.status]}${c.message ? `${sep}${c.message}` : ''}`;
  });
}
