import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, numberArg, openApp } from './shared.js';

export function registerIssue({ program, run }: Cli): void {
  const issue = program.command('issue').description('issues on the forge: close, reopen');
  common(
    issue
      .command('close')
      .argument('<number>', 'issue number')
      .description('close an issue as completed (or --not-planned)'),
    { dryRun: false },
  )
    .option('--not-planned', 'close as not planned')
    .action((n, o) => run(issueStateCommand(n, 'closed', o)));
  common(issue.command('reopen').argument('<number>', 'issue number').description('reopen a closed issue'), {
    dryRun: false,
  }).action((n, o) => run(issueStateCommand(n, 'open', o)));
}

export async function issueStateCommand(
  arg: string,
  to: 'open' | 'closed',
  flags: { json?: boolean; notPlanned?: boolean },
): Promise<number> {
  const n = numberArg(arg, 'an issue');
  const app = await openApp();
  const { setIssueState } = await lazy.issueState();
  const r = await setIssueState(
    app,
    n,
    to === 'open' ? { state: 'open' } : { state: 'closed', notPlanned: flags.notPlanned },
  );
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      r.state === 'open'
        ? `#${n} is open again.`
        : `Closed #${n}${r.stateReason === 'not_planned' ? ' as not planned' : ''}. Next: papertrail next`,
    );
  return 0;
}
