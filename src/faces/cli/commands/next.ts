import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, withNotesAfterOutput } from './shared.js';

export function registerNext({ program, run }: Cli): void {
  common(
    program
      .command('next')
      .description('the first open issue whose blockers are all closed (lowest number wins)'),
    { dryRun: false },
  ).action((o) => run(nextCommand(o)));
}

export async function nextCommand(flags: { json?: boolean }): Promise<number> {
  return withNotesAfterOutput(async (app) => {
    const { nextIssue } = await lazy.plan();
    const r = await nextIssue(app);
    if (flags.json) printJson({ ok: true, ...r });
    else if (r.next)
      print(`#${r.next.number} ${r.next.title} (${r.next.key})\nNext: papertrail implement ${r.next.number}`);
    else print(r.hint ?? '');
    return 0;
  });
}
