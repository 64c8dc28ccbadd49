import {
  byRunOrder,
  type ScheduleItem,
  type StepState,
  type Workflow,
} from '../../domain/execution/index.js';
import type { Attempt, AttemptStatus, GateReview, PlanState, WorkItem } from '../../ports/store/index.js';

/** A work item as the engine sees it: its row, blockers, latest attempt per step and their gates. */
export interface ItemView {
  item: WorkItem;
  blockedBy: number[];
  latest: Map<string, Attempt>;
  /** By step key: the gate reviews of that step's latest attempt. */
  gates: Map<string, GateReview[]>;
  steps: Record<string, StepState>;
}

/**
 * Where a step stands, from its latest attempt: none yet or sent back for rework → pending; queued →
 * pending (launched, waiting for a claim) unless its backoff has not passed (held); completed → done
 * once every gate passed (or was skipped), else at the gate; failed with no retry queued → held (the
 * retries are used up: a person decides).
 */
export function stepState(
  a: Pick<Attempt, 'status' | 'not_before'> | undefined,
  gates: readonly Pick<GateReview, 'status'>[],
  gated: boolean,
  now: Date,
): StepState {
  if (!a) return 'pending';
  return attemptStepState(a.status, a.status === 'queued' && a.not_before > now, gates, gated);
}

/** stepState from an attempt's status; `held` says a queued attempt's backoff has not passed yet. */
export function attemptStepState(
  status: AttemptStatus,
  held: boolean,
  gates: readonly Pick<GateReview, 'status'>[],
  gated: boolean,
): StepState {
  switch (status) {
    case 'queued':
      return held ? 'held' : 'pending';
    case 'running':
      return 'running';
    case 'completed':
      if (!gated) return 'done';
      return gates.length > 0 && gates.every((g) => g.status === 'pass' || g.status === 'skipped')
        ? 'done'
        : 'gate';
    case 'failed':
      return 'held';
    default:
      return 'pending';
  }
}

/** The engine's view of every item of a plan state, under one workflow. */
export function itemViews(state: PlanState, wf: Workflow, now: Date): ItemView[] {
  const gated = new Set(wf.steps.filter((s) => s.gates?.length).map((s) => s.key));
  return state.items.map((item) => {
    const latest = new Map((state.attempts.get(item.id) ?? []).map((a) => [a.step_key, a]));
    const gates = new Map<string, GateReview[]>();
    const steps: Record<string, StepState> = {};
    for (const s of wf.steps) {
      const a = latest.get(s.key);
      const g = a ? (state.gates.get(a.id) ?? []) : [];
      gates.set(s.key, g);
      const st = stepState(a, g, gated.has(s.key), now);
      if (st !== 'pending') steps[s.key] = st;
    }
    return { item, blockedBy: state.blockers.get(item.id) ?? [], latest, gates, steps };
  });
}

/** The schedule's input for these items; `withBlockers: false` when only some of the plan was read. */
export function scheduleItems(views: readonly ItemView[], wf: Workflow, withBlockers = true): ScheduleItem[] {
  const known = new Set(views.map((v) => v.item.issue_number));
  return views.map((v) => ({
    issue: v.item.issue_number,
    workflow: wf,
    cancelled: v.item.status === 'cancelled',
    steps: v.steps,
    // A blocker that has no work item (closed before it got one, or outside the plan) blocks nothing.
    blockedBy: withBlockers ? v.blockedBy.filter((b) => known.has(b)) : [],
  }));
}

/** Every step of the workflow settled (done or skipped). */
export function isFinished(v: ItemView, wf: Workflow): boolean {
  return wf.steps.every((s) => v.steps[s.key] === 'done' || v.steps[s.key] === 'skipped');
}

const RUN_ORDER = new WeakMap<Workflow['steps'], Workflow['steps']>();

/** The workflow's steps in run order, sorted once per list of steps rather than once per item. */
function runOrder(wf: Workflow): Workflow['steps'] {
  let steps = RUN_ORDER.get(wf.steps);
  if (!steps) {
    steps = [...wf.steps].sort(byRunOrder);
    RUN_ORDER.set(wf.steps, steps);
  }
  return steps;
}

/** The first step in run order that is not settled; null when all are. */
export function currentStep(v: Pick<ItemView, 'steps'>, wf: Workflow): string | null {
  const open = runOrder(wf).find((s) => v.steps[s.key] !== 'done' && v.steps[s.key] !== 'skipped');
  return open?.key ?? null;
}
