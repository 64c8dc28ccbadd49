import type { ProposalRequest } from '../../../app/workflow/index.js';
import { groupedFlags } from '../argv-groups.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, type CommonOpts, openApp, runCreate } from './shared.js';

export function registerPropose({ program, argv, run }: Cli): void {
  common(
    program
      .command('propose')
      .description('write a new proposal (interview on a terminal, or flags, or --from)'),
    { from: true, interactive: true },
  )
    .option('--title <title>')
    .option('--slug <slug>', 'file name slug (default: from the title)')
    .option('--problem <text>')
    .option('--goal <text>', 'a goal (repeatable)', collect)
    .option('--non-goal <text>', 'a non-goal (repeatable)', collect)
    .option('--background <text>')
    .option(
      '--option <title>',
      'an option considered (repeatable; --pro/--con after it belong to it)',
      collect,
    )
    .option('--pro <text>', 'a pro of the preceding --option', collect)
    .option('--con <text>', 'a con of the preceding --option', collect)
    .option('--recommendation <text>')
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--allow-duplicate', 'write even if a proposal with the same title exists')
    .action((o) => run(proposeCommand(o, argv)));
}

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
  const { ProposalSchema } = await lazy.inputs();
  const { propose } = await lazy.propose();
  const { similarTitles } = await lazy.createDoc();
  const { loadAll, requireWorkspace } = await lazy.context();
  const { interviewProposal, proposalSummary } = await lazy.proposeInterview();
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
