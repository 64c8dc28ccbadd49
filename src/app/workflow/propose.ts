import { PtError, slugify } from '../../base/index.js';
import { renderProposal } from '../../domain/docs/index.js';
import { type App, defaultAuthors, loadAll, newDocPathFor, nextId, requireWorkspace } from './context.js';
import { withDocsLock } from './doc-lock.js';
import type { ProposalRequest } from './inputs.js';
import { checkThenWrite, type Written } from './write-doc.js';

export interface ProposeOptions {
  dryRun?: boolean;
  /** Write even when a proposal with the same title exists. */
  allowDuplicateTitle?: boolean;
}

export function similarTitles(set: ReturnType<typeof loadAll>, kind: string, title: string): string[] {
  const slug = slugify(title);
  // A title with no letter or digit slugs to nothing, like every other such title: compare it whole.
  const same = (d: (typeof set.docs)[number]) =>
    slug
      ? d.slug === slug || slugify(d.title ?? '') === slug
      : (d.title ?? '').trim().toLowerCase() === title.trim().toLowerCase();
  return set.docs.filter((d) => d.kind === kind && same(d)).map((d) => `${d.id} (${d.file})`);
}

/** Two documents of one kind with the same title are usually a mistake; `allow` says it is not. */
export function refuseDuplicateTitle(
  set: ReturnType<typeof loadAll>,
  kind: string,
  title: string,
  allow: boolean | undefined,
): void {
  const dup = similarTitles(set, kind, title);
  if (dup.length && !allow) {
    throw new PtError('doc/duplicate-title', `A ${kind} with this title already exists: ${dup.join(', ')}`, {
      hint: `Use a different title, review the existing ${kind} first, or pass --allow-duplicate to continue anyway.`,
      exit: 3,
    });
  }
}

/** Writes a new proposal with the next free number, under the workspace lock (from reading to writing). */
export function propose(app: App, req: ProposalRequest, opts: ProposeOptions = {}): Written {
  requireWorkspace(app);
  return withDocsLock(app, () => proposeLocked(app, req, opts), !opts.dryRun);
}

function proposeLocked(app: App, req: ProposalRequest, opts: ProposeOptions): Written {
  const set = loadAll(app);
  refuseDuplicateTitle(set, 'proposal', req.title, opts.allowDuplicateTitle);
  const id = nextId(app, set, 'proposal');
  const { path, file } = newDocPathFor(app, 'proposal', id, req.title, req.slug);
  const content = renderProposal(
    id,
    {
      title: req.title,
      problem: req.problem,
      goals: req.goals,
      nonGoals: req.non_goals,
      background: req.background,
      options: req.options,
      recommendation: req.recommendation,
      authors: req.authors ?? defaultAuthors(app),
      reviewers: req.reviewers ?? [],
    },
    app.today,
  );
  return checkThenWrite(app, set, { id, path, file, content }, { dryRun: opts.dryRun, create: true });
}
