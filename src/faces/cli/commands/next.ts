import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerNext({ program, run }: Cli): void {
  common(
    program
      .command('next')
      .description('the first open issue whose blockers are all closed (lowest number wins)'),
    { dryRun: false },
  ).action((o) => run(nextCommand(o)));
}

export async function nextCommand(flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { nextIssue, nothingNext } = await lazy.plan();
  const { loadImplementingSpec } = await lazy.implementingSpec();
  const { withForge } = await lazy.forge();
  const spec = loadImplementingSpec(app);
  // Said while the forge is open, so its closing note (if any) comes after, as it always has.
  return withForge(app, async (forge) => {
    const r = await nextIssue(forge, spec.spec.id);
    if (flags.json)
      printJson({
        ok: true,
        next: r.issue ? { number: r.issue.number, title: r.issue.title, key: r.key } : null,
        blocked: r.blocked,
        tracking: r.tracking,
        ...(r.issue ? {} : { hint: nothingNext(r, spec.spec.id) }),
      });
    else if (r.issue)
      print(`#${r.issue.number} ${r.issue.title} (${r.key})\nNext: papertrail implement ${r.issue.number}`);
    else print(nothingNext(r, spec.spec.id));
    return 0;
  });
}
