import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, numberArg, openApp } from './shared.js';
import { textArg } from './work/index.js';

interface GateFlags {
  reason?: string;
  reviewer?: string;
  reentryStep?: string;
  revert?: boolean;
  json?: boolean;
}

/** `gate approve|reject`: a person's decision on a gate of a work item's step. */
export function registerGate({ program, run }: Cli): void {
  const gate = program.command('gate').description("a person's decision on a work item's gate (four eyes)");
  common(
    gate
      .command('approve')
      .argument('<issue>', 'the work item: its issue number')
      .argument('<gate>', 'the gate key (work list shows them), e.g. review')
      .description('pass a gate; nobody who did the work under review can'),
    { dryRun: false },
  )
    .requiredOption('--reason <text>', 'why (recorded with who and when)')
    .option('--reviewer <name>', 'who decides (default PAPERTRAIL_ACTOR, else git user.name)')
    .action((i, g, o) => run(gateCommand('approve', i, g, o)));
  common(
    gate
      .command('reject')
      .argument('<issue>', 'the work item: its issue number')
      .argument('<gate>', 'the gate key, e.g. review')
      .description('fail a gate: the item goes back to the re-entry step as rework'),
    { dryRun: false },
  )
    .requiredOption('--reason <text>', 'why (recorded with who and when)')
    .requiredOption('--reentry-step <key>', 'the step the rework starts from, e.g. implement')
    .option('--reviewer <name>', 'who decides (default PAPERTRAIL_ACTOR, else git user.name)')
    .option('--revert', 'allow sending an integrated item back before integrate (recorded as a revert)')
    .action((i, g, o) => run(gateCommand('reject', i, g, o)));
}

export async function gateCommand(
  decision: 'approve' | 'reject',
  issueArg: string,
  gateKey: string,
  flags: GateFlags,
): Promise<number> {
  const issue = numberArg(issueArg, 'an issue');
  const reason = textArg(flags.reason, '--reason');
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).decideGate({
    issue,
    gate: gateKey,
    decision,
    reason,
    ...(flags.reviewer ? { reviewer: flags.reviewer } : {}),
    ...(flags.reentryStep ? { reentryStep: flags.reentryStep } : {}),
    ...(flags.revert ? { revert: true } : {}),
  });
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const lines = [
    decision === 'approve'
      ? `Approved gate ${r.gate} of #${r.issue} (step ${r.step}) as ${r.reviewer}.`
      : `Rejected gate ${r.gate} of #${r.issue} (step ${r.step}) as ${r.reviewer}: rework ${r.rework.join(', ') || 'from the re-entry step'}.`,
  ];
  if (r.reverted) lines.push(`Recorded: the integration of #${r.issue} is reverted; integrate merges again.`);
  for (const f of r.finished) lines.push(`#${f} is done.`);
  if (r.queued.length)
    lines.push(`Queued: ${r.queued.map((q) => `${q.step} (attempt ${q.attempt})`).join(', ')}`);
  if (r.scheduleNext)
    lines.push(
      `Next: papertrail work schedule queues ${decision === 'approve' ? 'the steps that follow' : 'the rework'}.`,
    );
  print(lines.join('\n'));
  return 0;
}
