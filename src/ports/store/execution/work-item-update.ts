import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { WorkItem, WorkItemStatus, WorkItemsTable } from '../database.js';
import { appendAudit, type ExecDb } from './audit.js';
import { checkName } from './facts.js';
import { inTransaction } from './transaction.js';

export interface WorkItemPatch {
  title?: string;
  requirement?: string | null;
  branch?: string | null;
  status?: WorkItemStatus;
  currentStepKey?: string | null;
  workflowRef?: string;
  /** The blockers as the plan now says (replaces the stored ones). */
  blockedBy?: readonly number[];
}

/**
 * Changes a work item (its context from the plan, its status, its current step, its blockers) and
 * records exactly what changed in the audit trail; a patch that changes nothing writes nothing.
 * Returns the fields that changed.
 */
export async function updateWorkItem(
  x: ExecDb,
  id: number,
  patch: WorkItemPatch,
  actor: string,
): Promise<Record<string, unknown>> {
  checkName('actor', actor);
  return inTransaction(x.db, async (tx) => {
    const cur = await tx
      .selectFrom('work_items')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!cur) throw new Error(`work item ${id} does not exist`);
    const changed: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    const field = <K extends keyof WorkItem>(col: K, name: string, v: WorkItem[K] | undefined) => {
      if (v === undefined || cur[col] === v) return;
      set[col] = v;
      changed[name] = v;
    };
    field('title', 'title', patch.title);
    field('requirement', 'requirement', patch.requirement);
    field('branch', 'branch', patch.branch);
    field('status', 'status', patch.status);
    field('current_step_key', 'currentStep', patch.currentStepKey);
    field('workflow_ref', 'workflow', patch.workflowRef);
    if (patch.blockedBy) {
      const want = [...new Set(patch.blockedBy)].sort((a, b) => a - b);
      const have = (
        await tx
          .selectFrom('work_item_blockers')
          .select('blocked_by_issue')
          .where('work_item_id', '=', id)
          .orderBy('blocked_by_issue')
          .execute()
      ).map((r) => r.blocked_by_issue);
      if (want.join() !== have.join()) {
        await tx.deleteFrom('work_item_blockers').where('work_item_id', '=', id).execute();
        if (want.length)
          await tx
            .insertInto('work_item_blockers')
            .values(want.map((b) => ({ work_item_id: id, blocked_by_issue: b })))
            .execute();
        changed.blockedBy = want;
      }
    }
    if (Object.keys(changed).length === 0) return changed;
    if (Object.keys(set).length)
      await tx
        .updateTable('work_items')
        .set({ ...(set as Updateable<WorkItemsTable>), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    await appendAudit({ ...x, db: tx }, [
      { actor, type: 'work-item-changed', data: { workItem: id, issue: cur.issue_number, ...changed } },
    ]);
    return changed;
  });
}
