import { common } from '../options.js';
import type { Cli } from './shared.js';
import { workListCommand } from './work-list.js';
import { workScheduleCommand } from './work-schedule.js';

/** `work`: executing the plan. Each sub-verb lives in its own module. */
export function registerWork({ program, run }: Cli): void {
  const work = program
    .command('work')
    .description(
      'execute the plan: work items, the schedule, claims, completions (see README "Executing the plan")',
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
}
