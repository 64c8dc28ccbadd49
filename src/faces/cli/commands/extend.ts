import type { ExtensionRequest } from '../../../app/workflow/index.js';
import { PtError } from '../../../base/index.js';
import { groupedFlags, parseRequirementFlag, parseScenarioFlag, splitList } from '../argv-groups.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, type CommonOpts, openApp, runCreate } from './shared.js';
import { requirementsFromArgv } from './spec.js';

export function registerExtend({ program, argv, run }: Cli): void {
  common(
    program
      .command('extend')
      .argument('[spec]', 'SPEC-NNNN to extend')
      .description('write a spec extension (add or override requirements)'),
    { from: true, interactive: true },
  )
    .option('--title <title>')
    .option('--slug <slug>')
    .option('--overview <text>')
    .option('--implements <PROP-NNNN>', 'default: the base spec’s proposal')
    .option('--requirement <"Name: statement">', 'an added requirement (repeatable)', collect)
    .option(
      '--override <"Name: statement">',
      'an overriding requirement (repeatable; --replaces/--reason after it)',
      collect,
    )
    .option('--replaces <name>', 'base requirement the preceding --override replaces', collect)
    .option('--reason <text>', 'why the preceding --override is needed', collect)
    .option('--scenario <"Name: GIVEN … WHEN … THEN …">', 'a scenario of the preceding requirement', collect)
    .option('--depends-on <names>', 'requirements the preceding requirement depends on', collect)
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .action((b, o) => run(extendCommand(b, o, argv)));
}

export interface ExtendFlags extends CommonOpts {
  title?: string;
  slug?: string;
  overview?: string;
  implements?: string;
  author?: string[];
  reviewer?: string[];
}

export async function extendCommand(
  baseArg: string | undefined,
  flags: ExtendFlags,
  argv: string[],
): Promise<number> {
  const app = await openApp();
  const { ExtensionSchema } = await lazy.inputs();
  const { extendSpec } = await lazy.extend();
  const { findDoc, loadAll, requireWorkspace } = await lazy.context();
  const { interviewExtension } = await lazy.extendInterview();
  requireWorkspace(app);
  let baseId = baseArg;
  if (!baseId && flags.from) {
    const { readInputFile } = await lazy.inputFile();
    baseId = readInputFile(flags.from, ExtensionSchema, 'extension request').extends;
  }
  if (!baseId)
    throw new PtError('usage/missing-argument', 'Which spec does the extension extend?', {
      hint: 'papertrail extend SPEC-NNNN',
      exit: 2,
    });
  const base = findDoc(app, loadAll(app), baseId, ['spec']);
  const added = requirementsFromArgv(argv);
  const overrides = groupedFlags(argv, '--override', [
    '--scenario',
    '--depends-on',
    '--replaces',
    '--reason',
  ]).map((g) => {
    const { name, statement } = parseRequirementFlag(g.head);
    return {
      name,
      statement,
      replaces: g.members['--replaces']?.[0] ?? name,
      ...(g.members['--reason'] ? { reason: g.members['--reason'][0] } : {}),
      scenarios: (g.members['--scenario'] ?? []).map(parseScenarioFlag),
      depends_on: splitList(g.members['--depends-on']),
    };
  });
  const draft: Partial<ExtensionRequest> = {
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.overview ? { overview: flags.overview } : {}),
    ...(flags.implements ? { implements: flags.implements } : {}),
    ...(added.length ? { added: added as ExtensionRequest['added'] } : {}),
    ...(overrides.length ? { overrides: overrides as ExtensionRequest['overrides'] } : {}),
    ...(flags.author?.length ? { authors: flags.author } : {}),
    ...(flags.reviewer?.length ? { reviewers: flags.reviewer } : {}),
  };
  return runCreate(flags, {
    what: 'extension',
    schema: ExtensionSchema as never,
    draft,
    complete: !!draft.title && added.length + overrides.length > 0,
    interview: (a) =>
      interviewExtension(
        a,
        { id: base.id, title: base.title ?? base.id, requirements: base.requirements.map((r) => r.name) },
        draft,
      ),
    summary: (r, w) => {
      const e = r as ExtensionRequest;
      return [
        `ID: ${w.id}`,
        `Extends: ${base.id}`,
        `Title: ${e.title}`,
        `Added: ${e.added.map((x) => x.name).join(', ') || 'none'}`,
        `Overrides: ${e.overrides.map((x) => `${x.name} (replaces ${x.replaces})`).join(', ') || 'none'}`,
      ].join('\n');
    },
    execute: (r, dryRun) => extendSpec(app, base.id, r as ExtensionRequest, { dryRun }),
    next: () =>
      `Re-run "papertrail bootstrap ${base.id}" to bring the extension into the implementing repository.`,
  });
}
