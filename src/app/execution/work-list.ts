import type { StepState } from '../../domain/execution/index.js';
import { readPlanState, type WorkItemStatus } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { currentStep, itemViews } from './states.js';
import { workflowOf } from './workflow-of.js';

export interface WorkRow {
  issue: number;
  title: string;
  status: WorkItemStatus;
  /** The current step (the first one not done), null when the item is done. */
  step: string | null;
  /** Where the step stands; `queued` when its attempt waits for a claim. */
  stepState: StepState | 'queued' | null;
  /** The step's latest attempt. */
  attempt: { id: number; number: number; status: string } | null;
  executor: string | null;
  leaseExpiresAt: string | null;
  /** The step's gates with their status. */
  gates: { key: string; status: string }[];
  /** Blockers not done yet. */
  blockedBy: number[];
}

/** Every work item of the plan, by issue number, with where it stands. Reads the store only. */
export async function workList(app: App): Promise<WorkRow[]> {
  const wf = workflowOf(app);
  return withStore(app, async (s) => {
    const views = itemViews(await readPlanState(s.x.db, s.planKey), wf, new Date());
    // Done and cancelled items block nothing; neither does a blocker without an item.
    const open = new Set(
      views
        .filter((v) => v.item.status !== 'done' && v.item.status !== 'cancelled')
        .map((v) => v.item.issue_number),
    );
    return views.map((v) => {
      const step = v.item.status === 'cancelled' ? v.item.current_step_key : currentStep(v, wf);
      const a = step ? v.latest.get(step) : undefined;
      return {
        issue: v.item.issue_number,
        title: v.item.title,
        status: v.item.status,
        step,
        stepState: !step
          ? null
          : a?.status === 'queued' && !v.steps[step]
            ? 'queued'
            : (v.steps[step] ?? 'pending'),
        attempt: a ? { id: a.id, number: a.number, status: a.status } : null,
        executor: a?.status === 'running' ? a.executor_id : null,
        leaseExpiresAt: a?.status === 'running' ? (a.lease_expires_at?.toISOString() ?? null) : null,
        gates: step ? (v.gates.get(step) ?? []).map((g) => ({ key: g.gate_key, status: g.status })) : [],
        blockedBy: v.item.status === 'done' ? [] : v.blockedBy.filter((b) => open.has(b)),
      };
    });
  });
}
