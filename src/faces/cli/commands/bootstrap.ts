import type { BootstrapResult } from '../../../app/workflow/index.js';
import { PtError } from '../../../base/index.js';
import { canInterview, print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { collect, common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerBootstrap({ program, run }: Cli): void {
  common(
    program
      .command('bootstrap')
      .argument('<spec>', 'SPEC-NNNN to implement')
      .description('create (or update on a branch) the repository that implements a spec'),
    { interactive: true },
  )
    .option('--dir <path>', 'the repository folder (local forge): created if missing')
    .option('--github <org/name>', 'the repository on GitHub: created if missing, else updated by a PR')
    .option('--repo <org/name>', 'which implementing repository (default: the only one the spec lists)')
    .option('--standard <STD-NNNN>', 'apply this standard too (repeatable)', collect)
    .option('--skip-standard <STD-NNNN>', 'do not apply this standard (repeatable)', collect)
    .action((s, o) => run(bootstrapCommand(s, o)));
}

export interface BootstrapFlags {
  dir?: string;
  github?: string;
  repo?: string;
  standard?: string[];
  skipStandard?: string[];
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  interactive?: boolean;
}

/** What a person may pick from: the approved standards, and any other that would be applied. */
async function standardsToOffer(
  app: Awaited<ReturnType<typeof openApp>>,
  dry: BootstrapResult,
): Promise<{ id: string; title: string }[]> {
  const { listDocs } = await lazy.list();
  const approved = listDocs(app, { kind: ['standard'], status: ['approved'] }).documents.map((d) => ({
    id: d.id,
    title: d.title ?? d.id,
  }));
  const extra = dry.standards.filter((s) => !approved.some((d) => d.id === s.id));
  return [...approved, ...extra.map((s) => ({ id: s.id, title: s.title }))].sort((x, y) =>
    x.id < y.id ? -1 : 1,
  );
}

/** The summary shown before and after a bootstrap: spec, extensions, standards, repository, files. */
export function bootstrapSummary(r: BootstrapResult): string {
  const lines = [
    `Spec: ${r.spec.id} (${r.spec.title})`,
    `Extensions found: ${r.extensions.length}${r.extensions.length ? ` (${r.extensions.map((e) => e.id).join(', ')})` : ''}`,
    `Applicable standards: ${r.standards.length}${r.standards.map((s) => `\n  - ${s.id}: ${s.title} (${s.why})`).join('')}`,
    ...r.skippedStandards.map((s) => `  (not applied: ${s.id} ${s.why})`),
    '',
    '| Repository | Status | Action |',
    '|------------|--------|--------|',
    `| ${r.repo} | ${r.status} | ${r.action === 'create' ? 'Create' : r.action === 'update-branch' ? `Update on branch ${r.branch}` : 'Up to date'} |`,
    '',
    'Files:',
    ...r.files
      .filter((f) => f.action !== 'keep')
      .map((f) => `  ${f.action === 'create' ? '+' : f.action === 'remove' ? '-' : '~'} ${f.path}`),
  ];
  const kept = r.files.filter((f) => f.action === 'keep').length;
  if (kept) lines.push(`  (${kept} unchanged or owned by the project)`);
  for (const f of r.files.filter((x) => x.manual))
    lines.push(
      `  ! ${f.path} left unchanged (${f.manual!.why}): add ${f.manual!.add} to register the papertrail server`,
    );
  for (const l of r.legacy)
    lines.push(
      `  ! ${l.path} was edited, so it was left as it is; the skill /${l.skill} replaces it: move your changes there and delete it`,
    );
  return lines.join('\n');
}

export async function bootstrapCommand(specId: string, flags: BootstrapFlags): Promise<number> {
  const app = await openApp();
  const { bootstrap, bootstrapGitHub } = await lazy.bootstrap();
  if (flags.dir && flags.github) {
    throw new PtError('usage/two-targets', 'bootstrap takes --dir or --github, not both', {
      hint: 'Use --dir PATH for a local git repository, or --github ORG/NAME for one on GitHub.',
      exit: 2,
    });
  }
  const opts = {
    dir: flags.dir,
    github: flags.github,
    repo: flags.repo,
    standards: flags.standard,
    skipStandards: flags.skipStandard,
  };
  const go = (dryRun: boolean) =>
    flags.github
      ? bootstrapGitHub(app, specId, { ...opts, dryRun })
      : bootstrap(app, specId, { ...opts, dryRun });
  if (!flags.dryRun && !flags.yes && canInterview(flags)) {
    const { clackAsker } = await lazy.asker();
    const a = await clackAsker();
    let dry = await go(true);
    const offered = await standardsToOffer(app, dry);
    if (offered.length) {
      const { pickStandards } = await lazy.standardsInterview();
      const { add, skip } = await pickStandards(a, offered, dry.standards);
      if (add.length || skip.length) {
        opts.standards = [...(opts.standards ?? []), ...add];
        opts.skipStandards = [...(opts.skipStandards ?? []), ...skip];
        dry = await go(true);
      }
    }
    a.note(bootstrapSummary(dry), 'Bootstrap summary');
    if (!(await a.confirm({ message: 'Proceed with the bootstrap?', initial: true }))) {
      a.outro('Nothing was written.');
      return 0;
    }
  }
  const r = await go(!!flags.dryRun);
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  print(bootstrapSummary(r));
  if (r.dryRun) print('\n(dry run: nothing was written)');
  else if (r.action === 'create')
    print(
      r.forge === 'github'
        ? `\nCreated ${r.repo} (${r.dir}) with commit ${r.commit?.slice(0, 7)}.\nNext: clone it, then papertrail plan`
        : `\nCreated ${r.dir} (${r.repo}) with commit ${r.commit?.slice(0, 7)}.\nNext: cd ${r.dir} && papertrail plan`,
    );
  else if (r.action === 'update-branch')
    print(
      r.pullRequest
        ? `\nProposed the differences in pull request #${r.pullRequest.number} from ${r.branch} (${r.commit?.slice(0, 7)}); review and merge it.`
        : `\nCommitted the differences to branch ${r.branch} (${r.commit?.slice(0, 7)}) in ${r.dir}; review and merge it.`,
    );
  else print('\nThe repository already matches the spec.');
  if (r.recorded && !r.dryRun) print(`Recorded ${r.repo} as an implementation of ${r.spec.id}.`);
  return 0;
}
