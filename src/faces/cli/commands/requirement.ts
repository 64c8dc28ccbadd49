import { Option } from 'commander';
import type { RequirementRequest } from '../../../app/workflow/index.js';
import { PtError } from '../../../base/index.js';
import { parseRequirementFlag, parseScenarioFlag, splitList } from '../argv-groups.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, type CommonOpts, openApp, runCreate } from './shared.js';

/** `requirement add` (the group leaves room for more requirement verbs). */
export function registerRequirement({ program, run }: Cli): void {
  const req = program.command('requirement').description('work with requirements');
  common(
    req
      .command('add')
      .argument('<doc>', 'SPEC-NNNN or SPEC-NNNN-EXT-NNNN')
      .description('add a requirement with the next free ID'),
    { from: true, interactive: true },
  )
    .option(
      '--requirement <"Name: statement">',
      'the requirement, as spec and extend take it; the statement must contain SHALL or MUST',
      collect,
    )
    // The older spelling of the two parts, kept working for scripts; help shows one form.
    .addOption(new Option('--name <name>').hideHelp())
    .addOption(new Option('--statement <text>').hideHelp())
    .option('--scenario <"Name: GIVEN … WHEN … THEN …">', 'a scenario (repeatable)', collect)
    .option('--depends-on <names>', 'requirements it depends on', collect)
    .action((d, o) => run(requirementAddCommand(d, o)));
}

export interface RequirementFlags extends CommonOpts {
  requirement?: string[];
  /** Older spelling of --requirement's two parts; still accepted. */
  name?: string;
  statement?: string;
  scenario?: string[];
  dependsOn?: string[];
}

export async function requirementAddCommand(docArg: string, flags: RequirementFlags): Promise<number> {
  const app = await openApp();
  const { RequirementSchema } = await lazy.inputs();
  const { addRequirement } = await lazy.requirementAdd();
  const { findDoc, loadAll, requireWorkspace } = await lazy.context();
  const { askRequirement } = await lazy.requirementInterview();
  requireWorkspace(app);
  const doc = findDoc(app, loadAll(app), docArg, ['spec', 'extension']);
  const { name, statement } = nameAndStatement(flags);
  const draft: Partial<RequirementRequest> = {
    ...(name ? { name } : {}),
    ...(statement ? { statement } : {}),
    ...(flags.scenario?.length ? { scenarios: flags.scenario.map(parseScenarioFlag) } : {}),
    depends_on: splitList(flags.dependsOn),
  };
  let reqId = '';
  return runCreate(flags, {
    what: 'requirement',
    schema: RequirementSchema as never,
    draft,
    complete: !!(draft.name && draft.statement && draft.scenarios),
    interview: async (a) => {
      a.intro(`New requirement for ${doc.id}: ${doc.title ?? ''}`);
      const r = await askRequirement(
        a,
        'new',
        doc.requirements.map((x) => x.name),
      );
      return r ?? (await lazy.asker()).cancelled();
    },
    summary: (r) => `Adds "${(r as RequirementRequest).name}" to ${doc.file}`,
    execute: (r, dryRun) => {
      const w = addRequirement(app, doc.id, r as RequirementRequest, { dryRun });
      reqId = w.requirementId;
      return { ...w, id: w.requirementId };
    },
    next: () => `Requirement ${reqId} added.`,
  });
}

/**
 * `--requirement "Name: statement"`, the form spec and extend take; `--name`/`--statement` are the
 * older spelling and still work alone. Both at once, saying different things, is refused.
 */
function nameAndStatement(flags: RequirementFlags): { name?: string; statement?: string } {
  const given = flags.requirement ?? [];
  if (given.length > 1)
    throw new PtError(
      'usage/one-requirement',
      'requirement add adds one requirement; --requirement was given more than once',
      {
        hint: 'Run it once per requirement, or write several at once with extend --requirement … --requirement ….',
        exit: 2,
      },
    );
  if (!given.length) return { name: flags.name, statement: flags.statement };
  const r = parseRequirementFlag(given[0]!);
  if ((flags.name && flags.name !== r.name) || (flags.statement && flags.statement !== r.statement))
    throw new PtError(
      'usage/two-forms',
      'The requirement is given twice: by --requirement and by --name/--statement',
      {
        hint: 'Use --requirement "Name: The system SHALL …" alone.',
        exit: 2,
      },
    );
  return r;
}
