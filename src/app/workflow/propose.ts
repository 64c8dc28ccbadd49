import { renderProposal } from '../../domain/docs/index.js';
import { type App, defaultAuthors } from '../kernel/index.js';
import { createDocument, refuseDuplicateTitle, type Written } from '../kernel/write/index.js';
import type { ProposalRequest } from './inputs.js';

export interface ProposeOptions {
  dryRun?: boolean;
  /** Write even when a proposal with the same title exists. */
  allowDuplicateTitle?: boolean;
}

/** Writes a new proposal with the next free number, under the workspace lock (from reading to writing). */
export function propose(app: App, req: ProposalRequest, opts: ProposeOptions = {}): Written {
  return createDocument(app, opts, (set) => {
    refuseDuplicateTitle(set, 'proposal', req.title, opts.allowDuplicateTitle);
    return {
      kind: 'proposal',
      title: req.title,
      slug: req.slug,
      render: (id) =>
        renderProposal(
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
        ),
    };
  });
}
