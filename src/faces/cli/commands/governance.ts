import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerGovernance({ program, run }: Cli): void {
  const governance = program
    .command('governance')
    .description('the constitution and the rules the governance panel and check enforce');
  common(
    governance
      .command('init')
      .description(
        'write a starter constitution (.papertrail/constitution.md) and the .agent/rules/ that enforce it; never overwrites',
      ),
  ).action((o) => run(governanceInitCommand(o)));
}

export async function governanceInitCommand(flags: { json?: boolean; dryRun?: boolean }): Promise<number> {
  const app = await openApp();
  const { governanceInit } = await lazy.governance();
  const r = governanceInit(app, { dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    for (const f of r.files)
      print(
        f.action === 'create'
          ? `${r.dryRun ? 'would write' : 'wrote'} ${f.path}`
          : `kept ${f.path}: ${f.because}`,
      );
    const made = r.files.filter((f) => f.action === 'create').length;
    print(
      made
        ? `Next: read and adapt them with the team, then papertrail check`
        : 'Nothing to do: the workspace has its constitution and rules.',
    );
  }
  return 0;
}
