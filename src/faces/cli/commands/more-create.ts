import type { ExtensionRequest, RequirementRequest, StandardRequest } from '../../../app/workflow/inputs.js';
import { PtError } from '../../../base/errors.js';
import { groupedFlags, parseRequirementFlag, parseScenarioFlag, splitList } from '../argv-groups.js';
import { type CommonOpts, openApp, runCreate } from './shared.js';
import { requirementsFromArgv } from './spec.js';

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
  const { ExtensionSchema } = await import('../../../app/workflow/inputs.js');
  const { extendSpec } = await import('../../../app/workflow/extend.js');
  const { findDoc, loadAll, requireWorkspace } = await import('../../../app/workflow/context.js');
  const { interviewExtension } = await import('../interview/extend.js');
  requireWorkspace(app);
  let baseId = baseArg;
  if (!baseId && flags.from) {
    const { readInputFile } = await import('../../../app/workflow/input-file.js');
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

export interface StandardFlags extends CommonOpts {
  title?: string;
  slug?: string;
  appliesTo?: string;
  overview?: string;
  include?: string[];
  exclude?: string[];
  gitignore?: string[];
  enforcement?: string;
  author?: string[];
  reviewer?: string[];
  allowDuplicate?: boolean;
}

export async function standardCommand(flags: StandardFlags, argv: string[]): Promise<number> {
  const app = await openApp();
  const { StandardSchema } = await import('../../../app/workflow/inputs.js');
  const { createStandard } = await import('../../../app/workflow/standard.js');
  const { requireWorkspace } = await import('../../../app/workflow/context.js');
  const { interviewStandard } = await import('../interview/standard.js');
  requireWorkspace(app);
  const rules = groupedFlags(argv, '--category', ['--must', '--should', '--may']).map((g) => ({
    category: g.head,
    must: g.members['--must'] ?? [],
    should: g.members['--should'] ?? [],
    may: g.members['--may'] ?? [],
  }));
  const draft: Partial<StandardRequest> = {
    ...(flags.title ? { title: flags.title } : {}),
    ...(flags.slug ? { slug: flags.slug } : {}),
    ...(flags.appliesTo ? { applies_to: flags.appliesTo } : {}),
    ...(flags.overview ? { overview: flags.overview } : {}),
    ...(flags.include || flags.exclude
      ? { scope: { includes: flags.include ?? [], excludes: flags.exclude ?? [] } }
      : {}),
    ...(rules.length ? { rules } : {}),
    ...(flags.gitignore ? { gitignore: splitList(flags.gitignore) } : {}),
    ...(flags.enforcement ? { enforcement: flags.enforcement } : {}),
    ...(flags.author?.length ? { authors: flags.author } : {}),
    ...(flags.reviewer?.length ? { reviewers: flags.reviewer } : {}),
  };
  return runCreate(flags, {
    what: 'standard',
    schema: StandardSchema as never,
    draft,
    complete: !!(draft.title && draft.overview),
    interview: (a) => interviewStandard(a, draft),
    summary: (r, w) => {
      const s = r as StandardRequest;
      return [
        `ID: ${w.id}`,
        `Title: ${s.title}`,
        `Applies to: ${s.applies_to}`,
        `Rule categories: ${s.rules.map((x) => x.category).join(', ') || 'none'}`,
        `gitignore: ${s.gitignore.join(' ') || 'none'}`,
      ].join('\n');
    },
    execute: (r, dryRun) =>
      createStandard(app, r as StandardRequest, { dryRun, allowDuplicateTitle: !!flags.allowDuplicate }),
  });
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
  const { RequirementSchema } = await import('../../../app/workflow/inputs.js');
  const { addRequirement } = await import('../../../app/workflow/requirement-add.js');
  const { findDoc, loadAll, requireWorkspace } = await import('../../../app/workflow/context.js');
  const { askRequirement } = await import('../interview/requirement.js');
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
      return r ?? (await import('../interview/asker.js')).cancelled();
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
