import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

/** `audit verify`: the execution history's hash chain, intact or the first record that is not. */
export function registerAudit({ program, run }: Cli): void {
  const audit = program.command('audit').description("the execution engine's audit trail");
  common(
    audit
      .command('verify')
      .description('check every record of the audit hash chain; exit 1 naming the first bad one'),
    { dryRun: false },
  )
    .option(
      '--checkpoint <file>',
      'also check the chain reaches this checkpoint (the audit-checkpoint.json work export-artifacts wrote)',
    )
    .action((o) => run(auditVerifyCommand(o)));
}

export async function auditVerifyCommand(flags: { json?: boolean; checkpoint?: string }): Promise<number> {
  const app = await openApp();
  const { workBackend, readCheckpoint } = await lazy.execution();
  const checkpoint = flags.checkpoint === undefined ? undefined : readCheckpoint(app, flags.checkpoint);
  const backend = workBackend(app);
  const r = await backend.verifyAudit(checkpoint);
  if (flags.json) {
    printJson(r);
    return r.ok ? 0 : 1;
  }
  if (r.ok) {
    const reached = checkpoint ? ` It reaches the checkpoint (${checkpoint.length} record(s)).` : '';
    print(`The audit trail is intact: ${r.length} record(s), head ${r.head}.${reached}`);
    return 0;
  }
  print(
    `The audit trail is broken at record ${r.break.seq} (${r.break.problem}): ${r.break.message}\n` +
      `The ${r.length} record(s) before it verify. ` +
      (backend.kind === 'ledger'
        ? 'Find who changed it in the ledger branch history (git log -p -- artifacts/audit); nothing after that record can be trusted.'
        : 'Restore the store from a backup; nothing after that record can be trusted.'),
  );
  return 1;
}
