import type { CiStrategy } from '../../../domain/ci/index.js';
import { choiceOption } from '../choice-option.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

const STRATEGIES: readonly CiStrategy[] = ['collector', 'producer'];

interface CiInitFlags {
  command: string;
  strategy: CiStrategy;
  runsOn?: string;
  preClaim?: boolean;
  schedule?: string;
  force?: boolean;
  json?: boolean;
  dryRun?: boolean;
}

/** `ci init`: the plan's executors as GitHub Actions jobs. */
export function registerCi({ program, run }: Cli): void {
  const ci = program.command('ci').description('run the plan on GitHub Actions: the executors as jobs');
  common(
    ci
      .command('init')
      .description(
        'write .github/workflows/papertrail-executors.yml: orchestrator, one job per ready attempt, collector',
      ),
  )
    .requiredOption('--command <shell>', "the step's command, run with bash for every claimed attempt")
    .addOption(
      choiceOption(
        '--strategy <strategy>',
        'collector: one job commits every handoff file; producer: each job commits its own',
        STRATEGIES,
      ).default('collector'),
    )
    .option('--runs-on <label>', 'the runner label of every job (default ubuntu-latest)')
    .option('--pre-claim', 'the orchestrator claims each attempt before the jobs start')
    .option(
      '--schedule <cron>',
      'also start on this cron schedule (UTC), for retries whose backoff outlasts a run',
    )
    .option('--force', 'replace a workflow file that ci init did not write, or that was edited')
    .action((o) => run(ciInitCommand(o)));
}

export async function ciInitCommand(flags: CiInitFlags): Promise<number> {
  const app = await openApp();
  const { ciInit } = await lazy.ci();
  const r = ciInit(app, {
    strategy: flags.strategy,
    command: flags.command,
    ...(flags.runsOn ? { runsOn: flags.runsOn } : {}),
    preClaim: !!flags.preClaim,
    ...(flags.schedule === undefined ? {} : { schedule: flags.schedule }),
    force: !!flags.force,
    dryRun: !!flags.dryRun,
  });
  if (flags.json) {
    printJson({ ok: true, ...r, files: r.files.map((f) => (r.dryRun ? f : { ...f, content: undefined })) });
    return 0;
  }
  for (const f of r.files) {
    const said = {
      create: r.dryRun ? 'would write' : 'wrote',
      update: r.dryRun ? 'would update' : 'updated',
      replace: r.dryRun ? 'would replace (--force)' : 'replaced (--force)',
      unchanged: 'unchanged',
    }[f.action];
    print(`${said} ${f.path} (${r.strategy} strategy; pushes to ${r.ledgerBranch} start it)`);
    if (r.dryRun) print(f.content);
  }
  if (!r.dryRun && r.files.some((f) => f.action !== 'unchanged'))
    print(
      'Next: commit it, then start it from the Actions tab (workflow_dispatch) or push to the ledger branch.',
    );
  return 0;
}
