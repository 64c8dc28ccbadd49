import { PtError, writeFilesAtomic } from '../../base/index.js';
import {
  type Doc,
  type DocSet,
  findSection,
  renderSpec,
  SECTION_ALIASES,
  sectionText,
} from '../../domain/docs/index.js';
import { type App, defaultAuthors, findDoc, relLink } from '../kernel/index.js';
import {
  checkThenWrite,
  createDocument,
  parseDocForLint,
  refuseDuplicateTitle,
  type Written,
} from '../kernel/write/index.js';
import type { SpecRequest } from './inputs.js';
import { toRequirementInputs } from './requirements-input.js';
import { setStatusInSource } from './status.js';

export interface SpecOptions {
  dryRun?: boolean;
  /** Write the spec although the proposal is not approved (with a warning). */
  force?: boolean;
  /** Approve the proposal first (draft/review → approved), as the interview offers for one not approved. */
  approveProposal?: boolean;
  allowDuplicateTitle?: boolean;
}

export interface SpecResult extends Written {
  proposal: string;
  proposalApproved?: boolean;
  warnings: string[];
}

export function proposalGate(proposal: Doc): 'approved' | 'unapproved' | 'closed' {
  if (proposal.status === 'approved') return 'approved';
  if (proposal.status === 'rejected' || proposal.status === 'superseded') return 'closed';
  return 'unapproved';
}

export function firstParagraph(text: string): string {
  return (
    text
      .split(/\n\s*\n/)[0]
      ?.replace(/\s*\n\s*/g, ' ')
      .trim() ?? ''
  );
}

export function createSpec(
  app: App,
  proposalId: string,
  req: SpecRequest,
  opts: SpecOptions = {},
): SpecResult {
  return createDocument<Omit<SpecResult, keyof Written>>(app, opts, (set) => {
    const proposal = findDoc(app, set, proposalId, ['proposal']);
    const warnings: string[] = [];
    const gate = proposalGate(proposal);
    if (gate === 'closed') {
      throw new PtError(
        'proposal/closed',
        `${proposal.id} is ${proposal.status}; a spec cannot implement it`,
        {
          hint: 'Write a new proposal or reopen this one.',
          exit: 3,
        },
      );
    }
    let approving = false;
    if (gate === 'unapproved') {
      if (opts.approveProposal) approving = true;
      else if (opts.force)
        warnings.push(
          `${proposal.id} is ${proposal.status}, not approved; the spec was written anyway (--force).`,
        );
      else {
        throw new PtError('proposal/not-approved', `${proposal.id} is ${proposal.status}, not approved`, {
          hint: `Approve it first (--approve-proposal, or "papertrail status ${proposal.id} approved"), or pass --force to write the spec anyway.`,
          exit: 3,
        });
      }
    }
    const title = req.title ?? proposal.title ?? proposal.id;
    refuseDuplicateTitle(set, 'spec', title, opts.allowDuplicateTitle);
    for (const dep of req.depends_on) findDoc(app, set, dep, ['spec']);
    const render = (id: string, file: string) => {
      const problem = firstParagraph(sectionText(proposal, findSection(proposal, SECTION_ALIASES.problem)));
      const overview =
        req.overview?.trim() ||
        `This specification defines the requirements that implement ${proposal.id}: ${proposal.title ?? ''}.${problem ? `\n\n${problem}` : ''}`;
      const requirements = toRequirementInputs(req.requirements, app.scheme, {
        firstNumber: 1,
        existing: set.docs.filter((d) => req.depends_on.includes(d.id)),
      });
      return renderSpec(
        id,
        {
          title,
          overview,
          implements: proposal.id,
          implementations: req.implementations,
          dependsOn: req.depends_on,
          requirements,
          authors: req.authors ?? defaultAuthors(app),
          reviewers: req.reviewers ?? [],
        },
        app.today,
        { id: proposal.id, title: proposal.title ?? proposal.id, href: relLink(file, proposal.file) },
      );
    };
    if (!approving)
      return { kind: 'spec', title, slug: req.slug, render, also: { proposal: proposal.id, warnings } };
    // The approval and the spec are checked together and written together: never one without the other.
    const write = (all: DocSet, w: { id: string; path: string; file: string; content: string }): Written => {
      const updated = setStatusInSource(app, proposal, 'approved');
      checkThenWrite(
        app,
        all,
        { id: proposal.id, path: proposal.path, file: proposal.file, content: updated },
        { dryRun: true },
      );
      const approvedSet = {
        ...all,
        docs: all.docs.map((d) =>
          d.path === proposal.path ? parseDocForLint(app, d.path, d.file, updated) : d,
        ),
      };
      const written = checkThenWrite(app, approvedSet, w, { dryRun: true, create: true });
      if (!opts.dryRun)
        writeFilesAtomic([
          { path: proposal.path, content: updated, expect: proposal.source },
          { path: w.path, content: w.content, expect: null },
        ]);
      return { ...written, dryRun: !!opts.dryRun };
    };
    return {
      kind: 'spec',
      title,
      slug: req.slug,
      render,
      write,
      also: { proposal: proposal.id, proposalApproved: !opts.dryRun, warnings },
    };
  });
}
