import { version } from '../../../base/index.js';
import { print, printJson, warn } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { terminalSafe } from '../terminal-safe.js';
import { type Cli, openApp } from './shared.js';

interface Flags {
  json?: boolean;
  dryRun?: boolean;
}

/** `runbook new`, `review` and `accept`: one runbook's way from written to accepted. */
export function registerRunbook({ program, run }: Cli): void {
  const runbook = program
    .command('runbook')
    .description('implementation runbooks: new, review by the governance panel, accept');
  common(
    runbook
      .command('new')
      .argument(
        '<story>',
        'STORY-ID (.agent/cache/stories/<SCOPE>/), SPEC-NNNN/REQ-NNN, or a plan issue ISSUE-N',
      )
      .description('write .agent/cache/runbooks/<SCOPE>/<STORY-ID>-runbook.md (Status: PROPOSED)'),
  )
    .option('--force', 'overwrite an existing runbook, or write one for a DRAFT story')
    .action((s, o) => run(runbookNewCommand(s, o)));
  common(
    runbook
      .command('review')
      .argument('<id>', 'story ID, plan issue (ISSUE-N) or runbook path')
      .description("run every role's rules; write the findings into the runbook and tick approved roles"),
  )
    .option('--ai', 'also ask the AI reviewer (PAPERTRAIL_LLM_URL; advisory findings only)')
    .option('--sarif', 'SARIF 2.1.0 output for GitHub code scanning')
    .action((i, o) => run(runbookReviewCommand(i, o)));
  common(
    runbook
      .command('accept')
      .argument('<id>', 'story ID, plan issue (ISSUE-N) or runbook path')
      .description('set Status: ACCEPTED once every role approved (or --override with a reason)'),
  )
    .option('--override <reason>', 'accept despite findings; the reason, who and when are recorded')
    .action((i, o) => run(runbookAcceptCommand(i, o)));
}

export async function runbookNewCommand(story: string, flags: Flags & { force?: boolean }): Promise<number> {
  const app = await openApp();
  const { runbookNew } = await lazy.governance();
  const r = await runbookNew(app, { story, force: flags.force, dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r, ...(flags.dryRun ? {} : { content: undefined }) });
  else {
    print(`${r.dryRun ? 'Would write' : 'Wrote'} ${r.file} (Status: PROPOSED) for ${r.id}: ${r.title}`);
    if (r.dryRun) print(r.content);
    else print(`Next: edit it with the team, then papertrail runbook review ${r.id}`);
  }
  return 0;
}

export async function runbookReviewCommand(
  id: string,
  flags: Flags & { ai?: boolean; sarif?: boolean },
): Promise<number> {
  const app = await openApp();
  const { runbookReview } = await lazy.governance();
  const r = await runbookReview(app, { id, ai: flags.ai, dryRun: flags.dryRun });
  for (const w of r.warnings) warn(w);
  if (flags.sarif) {
    const [{ formatSarif }, gov] = await Promise.all([lazy.lint(), lazy.governanceRules()]);
    const rules = gov.loadRules(app.ws.root).rules;
    process.stdout.write(
      terminalSafe(formatSarif(gov.toLintFindings(r.findings), version(), gov.describeGovRule(rules))),
    );
  } else if (flags.json) {
    printJson({ ok: r.blocking === 0, ...r, content: flags.dryRun ? r.content : undefined });
  } else {
    print(
      `${flags.dryRun ? 'Reviewed (dry run, nothing written)' : 'Reviewed'} ${r.file} (${r.status}): ${r.blocking} blocking, ${r.advisory} advisory`,
    );
    for (const v of r.roles)
      print(
        `  @${v.role.padEnd(14)} ${v.approved ? '[x] approved         ' : v.blocking ? '[ ] changes requested' : '[ ] on hold          '}  ${v.blocking} blocking, ${v.advisory} advisory (${v.rules} rule${v.rules === 1 ? '' : 's'})`,
      );
    for (const f of r.findings)
      print(
        `${f.file}:${f.line}:${f.column} ${f.severity}${f.source === 'ai' ? ' (AI)' : ''} ${f.rule}${f.role ? ` @${f.role}` : ''}: ${f.message}`,
      );
    if (r.prose.length) print(`Prose only (not machine-checked): ${r.prose.join(', ')}`);
    print(
      r.blocking
        ? `Next: fix the runbook, then papertrail runbook review ${r.id}`
        : r.status === 'ACCEPTED'
          ? 'The runbook is ACCEPTED.'
          : `Next: papertrail runbook accept ${r.id}`,
    );
  }
  return r.blocking ? 1 : 0;
}

export async function runbookAcceptCommand(
  id: string,
  flags: Flags & { override?: string },
): Promise<number> {
  const app = await openApp();
  const { runbookAccept } = await lazy.governance();
  const r = await runbookAccept(app, { id, override: flags.override, dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r, content: flags.dryRun ? r.content : undefined });
  else if (!r.changed) print(`${r.file} is already ACCEPTED; nothing changed.`);
  else {
    print(
      `${flags.dryRun ? 'Would accept' : 'Accepted'} ${r.file}: Status: ACCEPTED (by ${r.by} at ${r.at}${r.override ? `, override: "${r.override}"` : ''})`,
    );
    if (r.override && (r.blocking.length || r.unticked.length))
      warn(
        `accepted with ${r.blocking.length} blocking finding(s) and ${r.unticked.length} unticked box(es); the override is recorded in the runbook`,
      );
  }
  return 0;
}
