import { byRunOrder, type Workflow } from '../../domain/execution/index.js';
import type { Attempt, ExecDb, WorkItem } from '../../ports/store/index.js';

/** What an executor needs to do a step: which issue, which requirement, which step, on which branch. */
export interface Handoff {
  workItem: number;
  issue: number;
  title: string;
  requirement: string | null;
  step: string;
  /** The step's text from the workflow: what it takes to be done. */
  exitCriteria: string[];
  responsibleRole: string;
  branch: string | null;
  workflow: string;
  attempt: number;
  /** The attempt's number among its step's attempts (a retry is 2, 3, …). */
  attemptNumber: number;
}

export function handoffOf(item: WorkItem, a: Attempt, wf: Workflow): Handoff {
  const step = wf.steps.find((s) => s.key === a.step_key);
  return {
    workItem: item.id,
    issue: item.issue_number,
    title: item.title,
    requirement: item.requirement,
    step: a.step_key,
    exitCriteria: step?.exitCriteria ?? [],
    responsibleRole: step?.responsibleRole ?? '',
    branch: item.branch,
    workflow: item.workflow_ref,
    attempt: a.id,
    attemptNumber: a.number,
  };
}

/** The step after this one in run order, or null for the last. */
export function nextStepAfter(wf: Workflow, key: string): string | null {
  const sorted = [...wf.steps].sort(byRunOrder);
  const i = sorted.findIndex((s) => s.key === key);
  return sorted[i + 1]?.key ?? null;
}

export async function itemOf(x: ExecDb, id: number): Promise<WorkItem> {
  return x.db.selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
