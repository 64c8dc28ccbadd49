import { print, printJson, warn } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerCheck({ program, run }: Cli): void {
  common(
    program
      .command('check')
      .description(
        'constitution check: every article against specs, plans and runbooks; exit 1 on violation',
      ),
    { dryRun: false },
  )
    .option(
      '--constitution <file>',
      'the constitution (default: .papertrail/constitution.md, .specify/memory/constitution.md)',
    )
    .action((o) => run(checkCommand(o)));
}

export async function checkCommand(flags: { json?: boolean; constitution?: string }): Promise<number> {
  const app = await openApp();
  const { constitutionCheck } = await lazy.governance();
  const r = constitutionCheck(app, { file: flags.constitution });
  if (flags.json) printJson(r);
  else {
    for (const w of r.warnings) warn(w);
    const { renderGateTable } = await lazy.governanceRules();
    print(renderGateTable(r).trimEnd());
  }
  return r.ok ? 0 : 1;
}
