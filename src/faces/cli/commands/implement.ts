import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, numberArg, withNotesAfterOutput } from './shared.js';

export function registerImplement({ program, run }: Cli): void {
  common(
    program
      .command('implement')
      .argument('[issue]', 'issue number (default: papertrail next)')
      .description(
        'branch implement/issue-N-slug, a "Resolves #N" commit and a draft PR; refreshes the spec dependencies in scratchpad/contexts/',
      ),
  )
    .option('--base <branch>', 'branch to start from and target', 'main')
    .action((i, o) => run(implementCommand(i, o)));
}

export async function implementCommand(
  issueArg: string | undefined,
  flags: { json?: boolean; base?: string; dryRun?: boolean },
): Promise<number> {
  const issue = issueArg === undefined ? undefined : numberArg(issueArg, 'an issue');
  return withNotesAfterOutput(async (app) => {
    const { contextLines } = await lazy.plan();
    const { implementIssue } = await lazy.implement();
    const r = await implementIssue(app, { issue, base: flags.base, dryRun: flags.dryRun });
    if (flags.json) {
      printJson({ ok: true, ...r });
      return 0;
    }
    if (r.contexts.length) {
      print('Spec dependencies (read-only clones):');
      for (const line of contextLines(r.contexts)) print(line);
      print('');
    }
    if (r.dryRun && r.pullRequest.number === null) {
      print(`Would start #${r.issue} on branch ${r.branch} (dry run, nothing written)`);
      print(`Draft PR: ${r.pullRequest.title} (${r.pullRequest.head} → ${r.pullRequest.base})`);
    } else {
      print(`${r.created ? 'Started' : 'Already started'}: #${r.issue} on branch ${r.branch}`);
      print(
        `Draft PR #${r.pullRequest.number}: ${r.pullRequest.title} (${r.pullRequest.head} → ${r.pullRequest.base})`,
      );
    }
    return 0;
  });
}
