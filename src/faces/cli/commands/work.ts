import { common } from '../options.js';
import type { Cli } from './shared.js';
import {
  workClaimCommand,
  workCollectCommand,
  workCompleteCommand,
  workExportArtifactsCommand,
  workFailCommand,
  workHeartbeatCommand,
  workListCommand,
  workRetryCommand,
  workScheduleCommand,
} from './work/index.js';

/** `work`: executing the plan. Each sub-verb lives in its own module. */
export function registerWork({ program, run }: Cli): void {
  const work = program
    .command('work')
    .description(
      'execute the plan: work items, the schedule, executors, claims (see README "Executing the plan")',
    );
  common(
    work
      .command('schedule')
      .description('make work items from the plan and queue the steps that launch now, in launch order'),
  ).action((o) => run(workScheduleCommand(o)));
  common(
    work.command('list').description('every work item: step, attempt, executor, lease, gates, blocked by'),
    { dryRun: false },
  ).action((o) => run(workListCommand(o)));
  common(work.command('claim').description('claim the next ready step for an executor, in schedule order'), {
    dryRun: false,
  })
    .requiredOption('--executor <id>', 'who claims (an agent, a person, a CI job); recorded everywhere')
    .option('--attempt <id>', 'claim this attempt (from work schedule --json) or refuse if another has it')
    .option('--lease <seconds>', 'how long the claim holds without a heartbeat (default 300)')
    .action((o) => run(workClaimCommand(o)));
  common(
    work
      .command('heartbeat')
      .argument('<attempt>', 'the attempt id work claim gave')
      .description("renew a claim's lease"),
    {
      dryRun: false,
    },
  )
    .requiredOption('--token <token>', 'the fencing token work claim gave')
    .option('--lease <seconds>', 'the new lease from now (default 300)')
    .action((a, o) => run(workHeartbeatCommand(a, o)));
  common(
    work
      .command('complete')
      .argument('<attempt>', 'the attempt id work claim gave')
      .description('finish a claimed step; its gates open or the next steps are queued'),
    { dryRun: false },
  )
    .option('--token <token>', 'the fencing token work claim gave (required unless on the git ledger)')
    .option('--summary <text>', "what was done (the handoff artifact's outcome)")
    .option('--exit-code <n>', "the exit code of the step's command")
    .option(
      '--ledger-out <dir>',
      'git ledger: write the files into <dir> for work collect instead of pushing',
    )
    .action((a, o) => run(workCompleteCommand(a, o)));
  common(
    work
      .command('fail')
      .argument('<attempt>', 'the attempt id work claim gave')
      .description('give up a claimed step; it is retried as a new attempt after a backoff'),
    { dryRun: false },
  )
    .option('--token <token>', 'the fencing token work claim gave (required unless on the git ledger)')
    .requiredOption('--reason <text>', 'why it failed (recorded)')
    .option('--exit-code <n>', "the exit code of the step's command")
    .option(
      '--ledger-out <dir>',
      'git ledger: write the files into <dir> for work collect instead of pushing',
    )
    .action((a, o) => run(workFailCommand(a, o)));
  common(
    work
      .command('collect')
      .argument('<dir...>', 'folders that work complete or fail --ledger-out wrote')
      .description('git ledger: commit the files of every folder to the ledger in one commit'),
    { dryRun: false },
  ).action((d, o) => run(workCollectCommand(d, o)));
  common(
    work
      .command('retry')
      .argument('<issue>', 'the work item: its issue number')
      .argument('<step>', 'the step to run again, e.g. implement')
      .description('queue a new attempt of a step whose retries are used up (work list shows it held)'),
    { dryRun: false },
  )
    .requiredOption('--reason <text>', 'why it should run again (recorded with who and when)')
    .option('--actor <name>', 'who asks (default PAPERTRAIL_ACTOR, else git user.name)')
    .action((i, st, o) => run(workRetryCommand(i, st, o)));
  common(
    work
      .command('export-artifacts')
      .description('write every stored handoff artifact as a file, and the audit checkpoint beside them'),
    { dryRun: false },
  )
    .option(
      '--dir <dir>',
      'the folder to write (default artifacts): <dir>/handoff/*.json, <dir>/audit-checkpoint.json',
    )
    .action((o) => run(workExportArtifactsCommand(o)));
}
