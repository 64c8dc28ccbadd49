import type { ProposalRequest } from '../../../app/workflow/inputs.js';
import { groupedFlags } from '../argv-groups.js';
import { type CommonOpts, openApp, runCreate } from './shared.js';

export interface ProposeFlags extends CommonOpts {
  title?: string;
  slug?: string;
  problem?: string;
  goal?: string[];
  nonGoal?: string[];
  background?: string;
  recommendation?: string;
  author?: string[];
  reviewer?: string[];
  allowDuplicate?: boolean;
}

export async function proposeCommand(flags: ProposeFlags, argv: string[]): Promise<number> {
  const app = await openApp();
  const { ProposalSchema } = await import('../../../app/workflow/inputs.js');
  const { propose, similarTitles } = await import('../../../app/workflow/propose.js');
  const { loadAll, requireWorkspace } = await import('../../../app/workflow/context.js');
  const { interviewProposal, proposalSummary } = await import('../interview/propose.js');
  requireWorkspace(app);
  const options = groupedFlags(argv, '--option', ['--pro', '--con']).map((g) => ({
    title: g.head,
    pros: g.members['--pro'] ?? [],
    cons: g.members['--con'] ?? [],
  }));
  const draft: Partial<ProposalRequest> = {
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.problem ? { problem: flags.problem } : {}),
    ...(flags.goal?.length ? { goals: flags.goal } : {}),
    ...(flags.nonGoal?.length ? { non_goals: flags.nonGoal } : {}),
    ...(flags.background ? { background: flags.background } : {}),
    ...(options.length ? { options } : {}),
    ...(flags.recommendation ? { recommendation: flags.recommendation } : {}),
    ...(flags.author?.length ? { authors: flags.author } : {}),
    ...(flags.reviewer?.length ? { reviewers: flags.reviewer } : {}),
  };
  const complete = !!(draft.title && draft.problem && draft.goals && draft.recommendation);
  let allowDuplicate = !!flags.allowDuplicate;
  return runCreate(flags, {
    what: 'proposal',
    schema: ProposalSchema as never,
    draft,
    complete,
    interview: async (a) => {
      const r = await interviewProposal(a, draft, (t) => similarTitles(loadAll(app), 'proposal', t));
      allowDuplicate = allowDuplicate || similarTitles(loadAll(app), 'proposal', r.title).length > 0;
      return r;
    },
    summary: (r, w) => proposalSummary(w.id, r as ProposalRequest),
    execute: (r, dryRun) =>
      propose(app, r as ProposalRequest, { dryRun, allowDuplicateTitle: allowDuplicate }),
    next: (w) =>
      `The proposal is ready for review. Once approved, run "papertrail spec ${w.id}" to write the specification.`,
  });
}
