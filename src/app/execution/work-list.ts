import type { StepState, Workflow } from '../../domain/execution/index.js';
import {
  type ListAttempt,
  type ListItem,
  readListState,
  type WorkItemStatus,
} from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { attemptStepState, currentStep } from './states.js';
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
  return withStore(app, async (s) => listRows(await readListState(s.x.db, s.planKey), wf, new Date()));
}

/**
 * The list's rows from what readListState read: the same as the engine's item views give (the
 * differential test holds the two together), without building a view per item.
 */
export function listRows(items: readonly ListItem[], wf: Workflow, now: Date): WorkRow[] {
  const inWorkflow = new Set(wf.steps.map((st) => st.key));
  const gated = new Set(wf.steps.filter((st) => st.gates?.length).map((st) => st.key));
  const at = now.getTime();
  // Done and cancelled items block nothing; neither does a blocker without an item.
  const open = new Set<number>();
  for (const it of items) if (it.status !== 'done' && it.status !== 'cancelled') open.add(it.issue);
  const latest = new Map<string, ListAttempt>();
  return items.map((it) => {
    latest.clear();
    const steps: Record<string, StepState> = {};
    for (const a of it.attempts) {
      latest.set(a.step, a);
      // A step the workflow no longer has keeps its attempt (a cancelled item may stand there) but no state.
      if (!inWorkflow.has(a.step)) continue;
      const held = a.status === 'queued' && a.notBefore !== null && a.notBefore > at;
      const st = attemptStepState(a.status, held, a.gates, gated.has(a.step));
      if (st !== 'pending') steps[a.step] = st;
    }
    const step = it.status === 'cancelled' ? it.step : currentStep({ steps }, wf);
    const a = step ? latest.get(step) : undefined;
    return {
      issue: it.issue,
      title: it.title,
      status: it.status,
      step,
      stepState: !step
        ? null
        : a?.status === 'queued' && !steps[step]
          ? 'queued'
          : (steps[step] ?? 'pending'),
      attempt: a ? { id: a.id, number: a.number, status: a.status } : null,
      executor: a?.status === 'running' ? a.executor : null,
      leaseExpiresAt:
        a?.status === 'running' && a.leaseExpiresAt !== null
          ? new Date(a.leaseExpiresAt).toISOString()
          : null,
      gates:
        step && inWorkflow.has(step) ? (a?.gates ?? []).map((g) => ({ key: g.key, status: g.status })) : [],
      blockedBy: it.status === 'done' ? [] : it.blockedBy.filter((b) => open.has(b)),
    };
  });
}
