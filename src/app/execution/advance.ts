import {
  baselineIntegration,
  type Gate,
  type Schedule,
  schedule,
  type Workflow,
} from '../../domain/execution/index.js';
import {
  type Attempt,
  type ExecDb,
  enqueueAttempt,
  type GateReview,
  openGates,
  readPlanState,
  settleGate,
  updateWorkItem,
  type WorkItem,
} from '../../ports/store/index.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { currentStep, type ItemView, isFinished, itemViews, scheduleItems, stepState } from './states.js';

/** The governance panel's verdict on a work item's runbook: passed, or why not (yet). */
export type PanelVerdict = (item: WorkItem) => { pass: boolean; note: string };

/** What the engine works with inside one transaction. */
export interface Engine {
  x: ExecDb;
  planKey: string;
  wf: Workflow;
  actor: string;
  panel: PanelVerdict;
  /** By work item id: what its integration merged (pull request, commit), when this change did it. */
  integrated?: ReadonlyMap<number, string>;
}

export interface Advanced {
  schedule: Schedule;
  views: ItemView[];
  /** Attempts queued by this advance, in launch order. */
  queued: Attempt[];
  /** Issues whose items became done now. */
  finished: number[];
}

export const CI_NOT_YET =
  'waiting for the CI checks of the pull request: work schedule reads them (or papertrail gate approve|reject)';

/** A gate's review as it opens: the panel's verdict is read at once; a person's decision and CI wait. */
function opening(
  gate: Gate,
  item: WorkItem,
  panel: PanelVerdict,
): { key: string; status: 'pass' | 'pending'; note?: string } {
  if (gate.kind === 'governance-panel') {
    const v = panel(item);
    return { key: gate.key, status: v.pass ? 'pass' : 'pending', note: v.note };
  }
  if (gate.kind === 'ci-checks') return { key: gate.key, status: 'pending', note: CI_NOT_YET };
  return { key: gate.key, status: 'pending' };
}

/** Opens the gates of completed steps that have none yet, and passes governance gates the panel now accepts. */
async function settleGates(e: Engine, v: ItemView, now: Date): Promise<void> {
  for (const step of e.wf.steps) {
    const a = v.latest.get(step.key);
    if (!step.gates?.length || a?.status !== 'completed') continue;
    let rows: GateReview[] = v.gates.get(step.key) ?? [];
    if (rows.length === 0) {
      rows = await openGates(e.x, {
        workItemId: v.item.id,
        attemptId: a.id,
        gates: step.gates.map((g) => opening(g, v.item, e.panel)),
        actor: e.actor,
      });
    } else {
      for (const r of rows) {
        const g = step.gates.find((x) => x.key === r.gate_key);
        if (r.status !== 'pending' || g?.kind !== 'governance-panel') continue;
        const verdict = e.panel(v.item);
        if (
          verdict.pass &&
          (await settleGate(e.x, { reviewId: r.id, status: 'pass', note: verdict.note, actor: e.actor }))
        )
          r.status = 'pass';
      }
    }
    v.gates.set(step.key, rows);
    const st = stepState(a, rows, true, now);
    if (st === 'pending') delete v.steps[step.key];
    else v.steps[step.key] = st;
  }
}

/**
 * The advance rule, the one place the engine moves work on: after any change (a sync, a completed
 * attempt, a gate decision) it opens the gates of completed steps, computes the schedule, queues an
 * attempt for every launch that has none live (so running it twice queues nothing twice), and brings
 * each item's status and current step up to date. An item that finishes gets its baseline-integration
 * artifact, and the whole plan is advanced, since its dependents may now be ready. `scope`: the ids of
 * the items to advance (items already started, whose blockers are done), or the whole plan.
 */
export async function advance(e: Engine, scope: readonly number[] | 'all'): Promise<Advanced> {
  const all = scope === 'all';
  const now = new Date();
  const state = await readPlanState(e.x.db, e.planKey, all ? undefined : scope);
  const views = itemViews(state, e.wf, now);
  for (const v of views) if (v.item.status !== 'cancelled') await settleGates(e, v, now);
  const sched = schedule(scheduleItems(views, e.wf, all));
  const byIssue = new Map(views.map((v) => [v.item.issue_number, v]));
  const queued: Attempt[] = [];
  for (const l of sched.launch) {
    const v = byIssue.get(l.issue)!;
    const live = v.latest.get(l.step);
    if (live && (live.status === 'queued' || live.status === 'running')) continue;
    // Only part of the plan read: the item keeps the rank its first attempt was queued with.
    const rank = all ? l.rank : Math.max(0, ...[...v.latest.values()].map((a) => a.sort_key[0] ?? 0));
    const a = await enqueueAttempt(e.x, {
      workItemId: v.item.id,
      stepKey: l.step,
      sortKey: [rank, l.issue, l.order],
      actor: e.actor,
    });
    v.latest.set(l.step, a);
    queued.push(a);
  }
  const finished: number[] = [];
  for (const v of views) {
    if (v.item.status === 'cancelled') continue;
    const done = isFinished(v, e.wf);
    const started = v.latest.size > 0;
    const status = done ? 'done' : started ? 'active' : 'pending';
    const currentStepKey = currentStep(v, e.wf);
    // Most items do not change: the row is only locked and written for those that do.
    if (status === v.item.status && currentStepKey === v.item.current_step_key) continue;
    const changed = await updateWorkItem(e.x, v.item.id, { status, currentStepKey }, e.actor);
    if (changed.status === 'done') {
      finished.push(v.item.issue_number);
      const last = [...v.latest.values()].sort((a, b) => b.id - a.id)[0];
      if (last) {
        const item = { ...v.item, status: 'done' as const };
        const ctx = handoffContext(item, e.wf, last.step_key, last.id, e.actor);
        await keepArtifact(
          e.x,
          item,
          last.id,
          baselineIntegration(ctx, e.integrated?.get(item.id) ?? item.branch ?? `#${item.issue_number}`),
        );
      }
    }
  }
  if (!all && finished.length) {
    const rest = await advance(e, 'all');
    return { ...rest, queued: [...queued, ...rest.queued], finished: [...finished, ...rest.finished] };
  }
  return { schedule: sched, views, queued, finished };
}
