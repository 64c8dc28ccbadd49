import type { WorkItem } from '../database.js';
import { executionConflict, isUniqueViolation } from '../errors.js';
import { appendAudit, type ExecDb } from './audit.js';
import { checkName } from './facts.js';
import { inTransaction } from './transaction.js';

export interface NewWorkItem {
  /** The plan the item belongs to: the repository it was planned in (`owner/name`). */
  planKey: string;
  issueNumber: number;
  /** `workflow-id@version`. */
  workflowRef: string;
  actor: string;
}

/** Adds the work item of a requirement issue; an issue already having one in the plan is refused. */
export async function addWorkItem(x: ExecDb, item: NewWorkItem): Promise<WorkItem> {
  checkName('actor', item.actor);
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .insertInto('work_items')
      .values({ plan_key: item.planKey, issue_number: item.issueNumber, workflow_ref: item.workflowRef })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((e: unknown) => {
        if (!isUniqueViolation(e, 'work_items_plan_key_issue_number_key')) throw e;
        throw executionConflict(
          'work/duplicate-item',
          `Issue #${item.issueNumber} of ${item.planKey} already has a work item.`,
          'Each requirement issue has one work item; list them with papertrail work list.',
          { planKey: item.planKey, issueNumber: item.issueNumber },
        );
      });
    await appendAudit({ ...x, db: tx }, [
      {
        actor: item.actor,
        type: 'work-item-added',
        data: { workItem: row.id, plan: row.plan_key, issue: row.issue_number, workflow: row.workflow_ref },
      },
    ]);
    return row;
  });
}
