// Closes the loop from the implementing repository back to the spec: an implementation's status in the
// spec (`planned → in-progress → complete`) is read off its plan issues instead of being edited by hand,
// so `status SPEC implemented` (which needs every implementation complete) follows the work.
import { resolve } from 'node:path';
import { PtError } from '../../base/index.js';
import { setFrontmatter } from '../../domain/docs/index.js';
import { LABELS, markerOf } from '../../domain/plan/index.js';
import type { ForgeIssue, ForgePort, ForgePullRequest } from '../../ports/forge/index.js';
import {
  type App,
  findDoc,
  loadAll,
  openApp,
  openGitHubForge,
  requireWorkspace,
  withDocsLock,
  withForge,
} from '../kernel/index.js';
import { checkThenWrite } from '../kernel/write/index.js';

export interface SyncArgs {
  specId: string;
  /** Which implementation, when the spec lists several. */
  repo?: string;
  /** The implementing repository's folder (its own forge: local store or GitHub); else GitHub by name. */
  dir?: string;
  dryRun?: boolean;
}

export type ImplementationStatus = 'planned' | 'in-progress' | 'complete';

export interface SyncResult {
  spec: string;
  file: string;
  repo: string;
  /** The plan's requirement issues: how many, and the numbers still open. */
  requirements: { issues: number; closed: number; open: number[] };
  from: string;
  to: ImplementationStatus;
  changed: boolean;
  dryRun: boolean;
  /** Every implementation of the spec is complete after this (the spec may move to implemented). */
  allComplete: boolean;
  /** The spec's own status (only an approved spec can become implemented). */
  specStatus: string;
}

/**
 * planned: no plan yet, or nothing started; in-progress: a requirement issue is closed or has a pull
 * request; complete: every requirement issue is closed (superseded ones included: nothing is left).
 */
export function implementationStatus(issues: ForgeIssue[], prs: ForgePullRequest[]): ImplementationStatus {
  if (!issues.length) return 'planned';
  if (issues.every((i) => i.state === 'closed')) return 'complete';
  const started = issues.some(
    (i) =>
      i.state === 'closed' ||
      prs.some(
        (p) =>
          p.head.startsWith(`implement/issue-${i.number}-`) ||
          new RegExp(`\\bResolves #${i.number}\\b`).test(p.body),
      ),
  );
  return started ? 'in-progress' : 'planned';
}

export async function syncImplementation(app: App, args: SyncArgs): Promise<SyncResult> {
  requireWorkspace(app);
  const set = loadAll(app);
  const doc = findDoc(app, set, args.specId, ['spec']);
  const repo = args.repo ?? (doc.implementations.length === 1 ? doc.implementations[0]!.repo : undefined);
  if (!repo)
    throw new PtError(
      'sync/which-repo',
      `${doc.id} lists ${doc.implementations.length} implementing repositories; say which one`,
      {
        hint: doc.implementations.length
          ? `Pass --repo ORG/NAME (${doc.implementations.map((i) => i.repo).join(', ')}).`
          : `Bootstrap one first: papertrail bootstrap ${doc.id} --dir PATH`,
        exit: 2,
      },
    );
  const entry = doc.implementations.find((i) => i.repo === repo);
  if (!entry)
    throw new PtError('sync/not-an-implementation', `${repo} is not an implementation of ${doc.id}`, {
      hint: `${doc.id} lists: ${doc.implementations.map((i) => i.repo).join(', ') || 'none'}.`,
      exit: 3,
    });

  const work = await readWork(app, repo, args.dir, !!args.dryRun, (forge) => readPlanWork(forge, doc.id));
  return recordImplementation(app, { ...args, repo }, work);
}

/**
 * The plan's requirement issues (overrides included; tracking and group issues are not work), its
 * tracking issues and the PRs: one read of the spec's issues.
 */
export async function readPlanWork(
  forge: ForgePort,
  specId: string,
): Promise<{ issues: ForgeIssue[]; tracking: ForgeIssue[]; prs: ForgePullRequest[] }> {
  const all = await forge.listIssues({ label: `spec:${specId}` });
  return {
    issues: all.filter((i) => i.labels.includes(LABELS.requirement.name) && markerOf(i.body) !== null),
    tracking: all.filter((i) => i.labels.includes(LABELS.tracking.name)),
    prs: await forge.listPullRequests(),
  };
}

/**
 * Writes the implementation status that the plan's issues and pull requests, already read, give into
 * the spec of this decisions workspace (what `sync` does after reading them).
 */
export function recordImplementation(
  app: App,
  args: SyncArgs & { repo: string },
  work: { issues: ForgeIssue[]; prs: ForgePullRequest[] },
): SyncResult {
  const to = implementationStatus(work.issues, work.prs);
  // The spec is read again under the workspace lock: it may have changed while the forge was asked.
  return withDocsLock(app, () => recordStatus(app, args, args.repo, work.issues, to), !args.dryRun);
}

function recordStatus(
  app: App,
  args: SyncArgs,
  repo: string,
  issues: ForgeIssue[],
  to: ImplementationStatus,
): SyncResult {
  const set = loadAll(app);
  const doc = findDoc(app, set, args.specId, ['spec']);
  const entry = doc.implementations.find((i) => i.repo === repo);
  if (!entry)
    throw new PtError('sync/not-an-implementation', `${repo} is no longer an implementation of ${doc.id}`, {
      hint: `${doc.file} was changed while its plan issues were read; run sync again.`,
      exit: 3,
    });
  const closed = issues.filter((i) => i.state === 'closed');
  const result: SyncResult = {
    spec: doc.id,
    file: doc.file,
    repo,
    requirements: {
      issues: issues.length,
      closed: closed.length,
      open: issues.filter((i) => i.state === 'open').map((i) => i.number),
    },
    from: entry.status,
    to,
    changed: entry.status !== to,
    dryRun: !!args.dryRun,
    allComplete: doc.implementations.every((i) => (i.repo === repo ? to : i.status) === 'complete'),
    specStatus: doc.status ?? '',
  };
  if (result.changed) {
    const content = setFrontmatter(
      doc,
      'implementations',
      doc.implementations.map((i) => (i.repo === repo ? { ...i, status: to } : { ...i })),
    );
    checkThenWrite(
      app,
      set,
      { id: doc.id, path: doc.path, file: doc.file, content },
      { dryRun: args.dryRun },
    );
  }
  return result;
}

/**
 * Reads the implementing repository's forge: the one its folder is configured with (its own store, or
 * GitHub with its ETag cache), opened for the read and closed after; without a folder, GitHub by name.
 */
async function readWork<T>(
  app: App,
  repo: string,
  dir: string | undefined,
  readOnly: boolean,
  read: (forge: ForgePort) => Promise<T>,
): Promise<T> {
  if (!dir) return read(await openGitHubForge(repo, { onNote: app.onNote }));
  const at = resolve(app.cwd, dir);
  const repoApp = openApp(at, process.env, { onNote: app.onNote });
  if (repoApp.ws.config.repo !== repo)
    throw new PtError(
      'sync/other-repo',
      `${dir} is ${repoApp.ws.config.repo ? `the repository ${repoApp.ws.config.repo}` : 'not a bootstrapped repository'}, not ${repo}`,
      { hint: 'Pass the folder bootstrap made for this implementation.', location: { file: dir }, exit: 3 },
    );
  return withForge(repoApp, read, { readOnly });
}
