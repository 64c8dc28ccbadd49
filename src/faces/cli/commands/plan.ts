import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { progressBar } from '../progress-bar.js';
import { type Cli, withNotesAfterOutput } from './shared.js';

export function registerPlan({ program, run }: Cli): void {
  common(
    program
      .command('plan')
      .description(
        'create or update the issues of the spec in this implementing repository; clone or refresh its spec dependencies in scratchpad/contexts/',
      ),
  )
    .option('--refresh', 'rewrite every issue to match the spec, even ones the team edited on the forge')
    .option('--extensions-only', 'only the issues extensions add or override; base issues stay as they are')
    .addHelpText(
      'after',
      [
        '',
        '"Blocked by" links between the issues of the plan follow the spec: a dependency the spec dropped is',
        'unlinked (links to issues outside the plan are left alone). On a GitHub Enterprise Server without',
        'sub-issues the tracking issue lists its issues as a task list instead. GitHub ETags are kept in',
        '.papertrail/cache/ between runs (not by --dry-run), so a re-plan reads conditionally.',
      ].join('\n'),
    )
    .action((o) => run(planCommand(o)));
}

export async function planCommand(flags: {
  dryRun?: boolean;
  json?: boolean;
  refresh?: boolean;
  extensionsOnly?: boolean;
}): Promise<number> {
  return withNotesAfterOutput(async (app) => {
    const { contextLines, planRepo, planTable } = await lazy.plan();
    const tty = !flags.json && process.stderr.isTTY;
    const { spec, report, contexts, notices } = await planRepo(app, {
      dryRun: flags.dryRun,
      refresh: flags.refresh,
      extensionsOnly: flags.extensionsOnly,
      progress: tty ? progressBar() : undefined,
    });
    // Said once per run, on stderr, whatever the output format: the plan worked, differently.
    for (const line of notices) process.stderr.write(`${line}\n`);
    if (flags.json) {
      printJson({ ok: true, ...report, contexts });
      return 0;
    }
    if (contexts.length) {
      print('Spec dependencies (read-only clones):');
      for (const line of contextLines(contexts)) print(line);
      print('');
    } else print('No spec dependencies: nothing to clone.\n');
    const created = report.rows.filter((r) => r.action === 'create').length;
    const updated = report.rows.filter((r) => r.action === 'update' || r.action === 'close').length;
    print(
      `Found ${spec.id}: ${spec.title ?? ''} with ${spec.requirements} requirements${spec.extensions ? ` and ${spec.extensions} extension(s)` : ''}.\n`,
    );
    print(planTable(report));
    print(
      `${report.dryRun ? 'Would write' : 'Wrote'} ${report.writes} change(s): ${created} issue(s) created, ${updated} updated or closed, ${report.links.subIssues + report.links.blockedBy} link(s) added${report.links.removed.length ? `, ${report.links.removed.length} removed` : ''}.`,
    );
    if (report.links.removed.length)
      print(
        `${report.dryRun ? 'Would remove' : 'Removed'} "blocked by" links the spec no longer has: ${report.links.removed.map((l) => `#${l.issue} blocked by #${l.blocker}`).join(', ')}.`,
      );
    if (report.keptEdits.length)
      print(
        `Kept the team's edits to ${report.keptEdits.map((n) => `#${n}`).join(', ')} (their requirements did not change; --refresh rewrites them).`,
      );
    if (report.replacedEdits.length)
      print(
        `Rewrote ${report.replacedEdits.map((n) => `#${n}`).join(', ')}, which had been edited on the forge, to match the spec.`,
      );
    if (!report.dryRun) print('Next: "papertrail next" names the first issue that is not blocked.');
    return 0;
  });
}
