import { PtError } from '../../base/index.js';
import { type Workflow, workflowRef } from '../../domain/execution/index.js';
import {
  addWorkItem,
  endQueued,
  type PlanState,
  updateWorkItem,
  type WorkItem,
  type WorkItemPatch,
} from '../../ports/store/index.js';
import { branchFor, requirementName } from '../kernel/index.js';
import type { Engine } from './advance.js';
import type { PlanIssue } from './plan-issues.js';

/** What a sync changes: issues given an item, items whose plan details changed, items cancelled. */
export interface SyncReport {
  added: number[];
  changed: number[];
  cancelled: number[];
}

type Op =
  | { kind: 'add'; issue: number; patch: WorkItemPatch }
  | { kind: 'update'; id: number; issue: number; patch: WorkItemPatch }
  | { kind: 'cancel'; id: number; issue: number };

export interface SyncPlan {
  report: SyncReport;
  ops: Op[];
  /** The plan state as it will be once the ops are applied (new items get ids below 0): a dry run's input. */
  after: PlanState;
}

function details(p: PlanIssue): WorkItemPatch {
  const name = requirementName(p.title);
  return {
    title: name,
    requirement: p.requirement,
    branch: branchFor(p.issue, name),
    blockedBy: p.blockedBy,
  };
}

function differs(item: WorkItem, blockers: number[], patch: WorkItemPatch): boolean {
  return (
    item.title !== patch.title ||
    item.requirement !== patch.requirement ||
    item.branch !== patch.branch ||
    (patch.status !== undefined && item.status !== patch.status) ||
    (patch.workflowRef !== undefined && item.workflow_ref !== patch.workflowRef) ||
    blockers.join() !== (patch.blockedBy ?? []).join()
  );
}

/**
 * Compares the plan's issues with the stored items: an open issue without an item gets one; an item
 * whose title, requirement or blockers changed is updated; an item whose issue was closed before it
 * was done (superseded, or dropped) is cancelled, and one whose issue was reopened comes back. Items
 * not started follow a changed workflow; a started one cannot change workflow under its feet.
 */
export function planSync(issues: readonly PlanIssue[], state: PlanState, wf: Workflow): SyncPlan {
  const ref = workflowRef(wf);
  const byIssue = new Map(state.items.map((i) => [i.issue_number, i]));
  const inPlan = new Set(issues.map((p) => p.issue));
  const ops: Op[] = [];
  const report: SyncReport = { added: [], changed: [], cancelled: [] };
  for (const p of issues) {
    const item = byIssue.get(p.issue);
    if (!item) {
      if (p.open) {
        ops.push({ kind: 'add', issue: p.issue, patch: details(p) });
        report.added.push(p.issue);
      }
      continue;
    }
    const patch = details(p);
    const started = (state.attempts.get(item.id)?.length ?? 0) > 0;
    if (item.workflow_ref !== ref) {
      if (started && item.status !== 'done' && item.status !== 'cancelled')
        throw new PtError(
          'work/workflow-changed',
          `#${p.issue} was started under workflow ${item.workflow_ref}, and the workspace now uses ${ref}`,
          {
            hint: 'Finish the started items under their workflow first, or put execution.workflow back in papertrail.yaml.',
            location: { file: 'papertrail.yaml' },
            exit: 3,
          },
        );
      if (!started) patch.workflowRef = ref;
    }
    if (!p.open && item.status !== 'done' && item.status !== 'cancelled') {
      ops.push({ kind: 'cancel', id: item.id, issue: p.issue });
      report.cancelled.push(p.issue);
      continue;
    }
    if (p.open && item.status === 'cancelled') patch.status = started ? 'active' : 'pending';
    if (differs(item, state.blockers.get(item.id) ?? [], patch)) {
      ops.push({ kind: 'update', id: item.id, issue: p.issue, patch });
      report.changed.push(p.issue);
    }
  }
  for (const item of state.items)
    if (!inPlan.has(item.issue_number) && item.status !== 'done' && item.status !== 'cancelled') {
      ops.push({ kind: 'cancel', id: item.id, issue: item.issue_number });
      report.cancelled.push(item.issue_number);
    }
  return { report, ops, after: overlay(state, ops, ref) };
}

function overlay(state: PlanState, ops: readonly Op[], ref: string): PlanState {
  const items = new Map(state.items.map((i) => [i.id, { ...i }]));
  const blockers = new Map(state.blockers);
  let fresh = 0;
  for (const op of ops) {
    if (op.kind === 'cancel') {
      items.get(op.id)!.status = 'cancelled';
      continue;
    }
    const id = op.kind === 'add' ? --fresh : op.id;
    const cur: WorkItem =
      items.get(id) ??
      ({
        id,
        plan_key: state.items[0]?.plan_key ?? '',
        issue_number: op.issue,
        workflow_ref: ref,
        status: 'pending',
        current_step_key: null,
        created_at: new Date(0),
        updated_at: new Date(0),
        title: '',
        requirement: null,
        branch: null,
      } satisfies WorkItem);
    const p = op.patch;
    items.set(id, {
      ...cur,
      title: p.title ?? cur.title,
      requirement: p.requirement ?? cur.requirement,
      branch: p.branch ?? cur.branch,
      status: p.status ?? cur.status,
      workflow_ref: p.workflowRef ?? cur.workflow_ref,
    });
    if (p.blockedBy) blockers.set(id, [...p.blockedBy]);
  }
  return {
    items: [...items.values()].sort((a, b) => a.issue_number - b.issue_number),
    blockers,
    attempts: state.attempts,
    gates: state.gates,
  };
}

/** Applies a sync's changes, each one audited, inside the caller's transaction. */
export async function applySync(e: Engine, plan: SyncPlan): Promise<void> {
  const ref = workflowRef(e.wf);
  for (const op of plan.ops) {
    if (op.kind === 'add') {
      const row = await addWorkItem(e.x, {
        planKey: e.planKey,
        issueNumber: op.issue,
        workflowRef: ref,
        actor: e.actor,
      });
      await updateWorkItem(e.x, row.id, op.patch, e.actor);
    } else if (op.kind === 'update') await updateWorkItem(e.x, op.id, op.patch, e.actor);
    else {
      await endQueued(e.x, { workItemId: op.id, actor: e.actor });
      await updateWorkItem(e.x, op.id, { status: 'cancelled' }, e.actor);
    }
  }
}
