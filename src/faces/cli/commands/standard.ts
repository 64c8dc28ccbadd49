import type { StandardRequest } from '../../../app/workflow/index.js';
import { groupedFlags, splitList } from '../argv-groups.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, type CommonOpts, openApp, runCreate } from './shared.js';

export function registerStandard({ program, argv, run }: Cli): void {
  common(program.command('standard').description('write an engineering standard'), {
    from: true,
    interactive: true,
  })
    .option('--title <title>')
    .option('--slug <slug>')
    .option('--applies-to <what>', 'all, services, libraries, infrastructure, …')
    .option('--overview <text>')
    .option('--include <text>', 'in scope (repeatable)', collect)
    .option('--exclude <text>', 'out of scope (repeatable)', collect)
    .option('--category <name>', 'a rule category (repeatable; --must/--should/--may after it)', collect)
    .option('--must <rule>', 'a MUST rule of the preceding --category', collect)
    .option('--should <rule>', 'a SHOULD rule of the preceding --category', collect)
    .option('--may <rule>', 'a MAY rule of the preceding --category', collect)
    .option('--gitignore <pattern>', 'pattern for implementing repos (repeatable)', collect)
    .option('--enforcement <text>')
    .option('--author <name>', 'author (repeatable)', collect)
    .option('--reviewer <name>', 'reviewer (repeatable)', collect)
    .option('--allow-duplicate', 'write even if a standard with the same title exists')
    .action((o) => run(standardCommand(o, argv)));
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
  const { StandardSchema } = await lazy.inputs();
  const { createStandard } = await lazy.standard();
  const { requireWorkspace } = await lazy.context();
  const { interviewStandard } = await lazy.standardInterview();
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
