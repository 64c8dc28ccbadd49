import { type Schedule, schedule } from '../../domain/execution/index.js';
import { readPlanState } from '../../ports/store/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, withStore } from '../kernel/index.js';
import { advance } from './advance.js';
import { type CiGateOutcome, readCiGates, settleCiGates } from './ci-gate.js';
import { inEngine } from './engine.js';
import { readPlanIssues } from './plan-issues.js';
import { itemViews, scheduleItems } from './states.js';
import { applySync, planSync, type SyncReport } from './sync.js';
import { workflowOf } from './workflow-of.js';

export interface ScheduleResult {
  workflow: string;
  sync: SyncReport;
  schedule: Schedule;
  /** The attempt queued for each launch, in launch order (null in a dry run for one not queued yet). */
  attempts: (number | null)[];
  /** Attempts this run queued (0 in a dry run). */
  queued: number;
  /** The CI gates read from the pull requests' checks: decided now, or still pending (a dry run decides none). */
  ciGates: CiGateOutcome[];
  dryRun: boolean;
}

/**
 * Brings the work items up to date with the plan on the forge, then queues an attempt for every step
 * the schedule launches now (once: a second run queues nothing new). The launch order is the
 * schedule's, the same for the same plan and store. Pending CI gates are decided first, from the
 * checks of each item's pull request. A dry run reads and writes nothing.
 */
export async function workSchedule(app: App, opts: { dryRun?: boolean } = {}): Promise<ScheduleResult> {
  const dryRun = !!opts.dryRun;
  const spec = loadImplementingSpec(app);
  const wf = workflowOf(app);
  return withStore(
    app,
    async (s) => {
      const issues = await readPlanIssues(s.forge!, spec.spec.id);
      const name = `${wf.id}@${wf.version}`;
      const ci = await readCiGates(s.x, s.forge!, s.planKey, wf);
      if (dryRun) {
        const plan = planSync(issues, await readPlanState(s.x.db, s.planKey), wf);
        const views = itemViews(plan.after, wf, new Date());
        const sched = schedule(scheduleItems(views, wf));
        const live = new Map(views.map((v) => [v.item.issue_number, v.latest]));
        const attempts = sched.launch.map((l) => {
          const a = live.get(l.issue)?.get(l.step);
          return a && (a.status === 'queued' || a.status === 'running') ? a.id : null;
        });
        const byId = new Map(views.map((v) => [v.item.id, v.item.issue_number]));
        const ciGates = [...ci].map(([id, r]) => ({
          issue: byId.get(id) ?? 0,
          gate: wf.steps.flatMap((st) => st.gates ?? []).find((g) => g.kind === 'ci-checks')?.key ?? 'ci',
          pr: r.pr,
          status: r.gate.status,
          reasons: r.gate.reasons,
          rework: [],
        }));
        return { workflow: name, sync: plan.report, schedule: sched, attempts, queued: 0, ciGates, dryRun };
      }
      return inEngine(
        app,
        s,
        async (e) => {
          // Compared under the plan's lock: a concurrent schedule's items are seen, not added twice.
          const plan = planSync(issues, await readPlanState(e.x.db, e.planKey), wf);
          await applySync(e, plan);
          const ciGates = await settleCiGates(e, ci);
          const r = await advance(e, 'all');
          const byIssue = new Map(r.views.map((v) => [v.item.issue_number, v.latest]));
          const attempts = r.schedule.launch.map((l) => byIssue.get(l.issue)?.get(l.step)?.id ?? null);
          return {
            workflow: name,
            sync: plan.report,
            schedule: r.schedule,
            attempts,
            queued: r.queued.length,
            ciGates,
            dryRun,
          };
        },
        { advances: true },
      );
    },
    { forge: true, readOnly: dryRun },
  );
}
