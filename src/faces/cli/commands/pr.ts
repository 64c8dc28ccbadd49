import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, numberArg, openApp } from './shared.js';

/** Review on the local forge (GitHub has its own pages and `gh` for these). */
export function registerPr({ program, run }: Cli): void {
  const pr = program.command('pr').description('pull requests on the local forge: ready, merge');
  common(
    pr
      .command('ready')
      .argument('<number>', 'pull request number')
      .description('mark a draft pull request ready for review'),
    { dryRun: false },
  ).action((n, o) => run(prReadyCommand(n, o)));
  common(
    pr
      .command('merge')
      .argument('<number>', 'pull request number')
      .description('merge commit into the base branch, then close the issues it resolves ("Resolves #N")'),
  ).action((n, o) => run(prMergeCommand(n, o)));
}

export async function prReadyCommand(arg: string, flags: { json?: boolean }): Promise<number> {
  const n = numberArg(arg, 'a pull request');
  const app = await openApp();
  const { prReady } = await lazy.pullRequest();
  const r = await prReady(app, n);
  if (flags.json) printJson({ ok: true, ...r });
  else print(r.changed ? `#${n} is ready for review.` : `#${n} was not a draft; nothing changed.`);
  return 0;
}

export async function prMergeCommand(
  arg: string,
  flags: { json?: boolean; dryRun?: boolean },
): Promise<number> {
  const n = numberArg(arg, 'a pull request');
  const app = await openApp();
  const { prMerge } = await lazy.pullRequest();
  const r = await prMerge(app, n, { dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    const issues = r.closed.map((i) => `#${i}`).join(', ');
    print(
      r.dryRun
        ? `Would merge #${n} (${r.head} → ${r.base})${issues ? ` and close ${issues}` : ''} (dry run, nothing written)`
        : `Merged #${n} (${r.head} → ${r.base}) as ${r.commit!.slice(0, 7)}${issues ? `; closed ${issues}` : ''}`,
    );
    for (const s of r.skipped)
      print(`  #${s.number}: ${s.why === 'closed' ? 'already closed' : 'no such issue on the forge'}`);
    if (!r.dryRun) print('Next: papertrail next');
  }
  return 0;
}
