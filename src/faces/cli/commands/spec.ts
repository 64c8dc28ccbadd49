import type { SpecRequest } from '../../../app/workflow/index.js';
import { PtError } from '../../../base/index.js';
import { groupedFlags, parseRequirementFlag, parseScenarioFlag, splitList } from '../argv-groups.js';
import { warn } from '../io.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, type CommonOpts, openApp, runCreate } from './shared.js';

export function registerSpec({ program, argv, run }: Cli): void {
  common(
    program
      .command('spec')
      .argument('[proposal]', 'PROP-NNNN the spec implements')
      .description('write a spec that implements a proposal'),
    { from: true, interactive: true },
  )
    .option('--title <title>', 'default: the proposal title')
    .option('--slug <slug>')
    .option('--overview <text>')
    .option('--implementation <org/repo>', 'implementing repository (repeatable)', collect)
    .option(
      '--requirement <"Name: statement">',
      'a requirement (repeatable); --scenario/--depends-on after it belong to it',
      collect,
    )
    .option(
      '--scenario <"Name: GIVEN … WHEN … THEN …">',
      'a scenario of the preceding --requirement',
      collect,
    )
    .option('--depends-on <names>', 'requirements the preceding --requirement depends on', collect)
    .option('--spec-depends-on <SPEC-NNNN>', 'a spec this spec depends on (repeatable)', collect)
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--approve-proposal', 'approve the proposal first when it is not approved')
    .option('--force', 'write the spec although the proposal is not approved')
    .option('--allow-duplicate', 'write even if a spec with the same title exists')
    .action((p, o) => run(specCommand(p, o, argv)));
}

export interface SpecFlags extends CommonOpts {
  title?: string;
  slug?: string;
  overview?: string;
  implementation?: string[];
  specDependsOn?: string[];
  author?: string[];
  reviewer?: string[];
  force?: boolean;
  approveProposal?: boolean;
  allowDuplicate?: boolean;
}

export function requirementsFromArgv(argv: string[]) {
  return groupedFlags(
    argv,
    ['--requirement', '--override'],
    ['--scenario', '--depends-on', '--replaces', '--reason'],
  )
    .filter((g) => g.flag === '--requirement')
    .map((g) => {
      const { name, statement } = parseRequirementFlag(g.head);
      return {
        name,
        statement,
        scenarios: (g.members['--scenario'] ?? []).map(parseScenarioFlag),
        depends_on: splitList(g.members['--depends-on']),
      };
    });
}

export async function specCommand(
  proposalArg: string | undefined,
  flags: SpecFlags,
  argv: string[],
): Promise<number> {
  const app = await openApp();
  const { SpecSchema } = await lazy.inputs();
  const { createSpec, proposalGate } = await lazy.spec();
  const { findDoc, loadAll, requireWorkspace } = await lazy.context();
  const { interviewSpec, specSummary } = await lazy.specInterview();
  requireWorkspace(app);
  let proposalId = proposalArg;
  if (!proposalId && flags.from) {
    const { readInputFile } = await lazy.inputFile();
    proposalId = readInputFile(flags.from, SpecSchema, 'spec request').proposal;
  }
  if (!proposalId)
    throw new PtError('usage/missing-argument', 'Which proposal does the spec implement?', {
      hint: 'papertrail spec PROP-NNNN',
      exit: 2,
    });
  const proposal = findDoc(app, loadAll(app), proposalId, ['proposal']);
  const requirements = requirementsFromArgv(argv);
  const draft: Partial<SpecRequest> = {
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.overview ? { overview: flags.overview } : {}),
    ...(flags.implementation?.length
      ? {
          implementations: splitList(flags.implementation).map((repo) => ({
            repo,
            status: 'planned' as const,
          })),
        }
      : {}),
    ...(flags.specDependsOn ? { depends_on: splitList(flags.specDependsOn) } : {}),
    ...(requirements.length ? { requirements: requirements as SpecRequest['requirements'] } : {}),
    ...(flags.author?.length ? { authors: flags.author } : {}),
    ...(flags.reviewer?.length ? { reviewers: flags.reviewer } : {}),
  };
  let approve = !!flags.approveProposal;
  let force = !!flags.force;
  return runCreate(flags, {
    what: 'spec',
    schema: SpecSchema as never,
    draft,
    complete: requirements.length > 0,
    interview: async (a) => {
      if (proposalGate(proposal) === 'unapproved' && !approve && !force) {
        const choice = await a.select({
          message: `${proposal.id} is ${proposal.status}, not approved. What now?`,
          options: [
            {
              value: 'approve',
              label: 'Approve the proposal first',
              hint: 'sets status: approved and today’s date',
            },
            {
              value: 'continue',
              label: 'Continue anyway',
              hint: 'the spec will warn until the proposal is approved',
            },
            { value: 'stop', label: 'Stop' },
          ],
        });
        if (choice === 'stop') (await lazy.asker()).cancelled();
        approve = choice === 'approve';
        force = choice === 'continue';
      }
      const set = loadAll(app);
      return interviewSpec(a, { id: proposal.id, title: proposal.title ?? proposal.id }, draft, (id) =>
        set.docs.some((d) => d.id === id && d.kind === 'spec'),
      );
    },
    summary: (r, w) =>
      specSummary(w.id, proposal.id, (r as SpecRequest).title ?? proposal.title ?? '', r as SpecRequest),
    execute: (r, dryRun) => {
      const res = createSpec(app, proposal.id, r as SpecRequest, {
        dryRun,
        force,
        approveProposal: approve,
        allowDuplicateTitle: !!flags.allowDuplicate,
      });
      if (!dryRun) for (const w of res.warnings) warn(w);
      return res;
    },
    next: (w) =>
      `The spec is ready. Run "papertrail bootstrap ${w.id}" to create the implementing repository.`,
  });
}
