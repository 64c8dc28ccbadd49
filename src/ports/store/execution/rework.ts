import { sql } from 'kysely';
import type { ExecDb } from './audit.js';
import { appendAudit } from './audit.js';
import { inTransaction } from './transaction.js';

/**
 * Marks the completed attempts of these steps of a work item as rework (a gate sent the item back to
 * redo them), and skips their gates still pending: they judge work that is to be redone.
 */
export async function markRework(
  x: ExecDb,
  o: { workItemId: number; stepKeys: readonly string[]; actor: string; reason: string },
): Promise<number[]> {
  if (o.stepKeys.length === 0) return [];
  return inTransaction(x.db, async (tx) => {
    const rows = await tx
      .updateTable('attempts')
      .set({ status: 'rework' })
      .where('work_item_id', '=', o.workItemId)
      .where('step_key', 'in', [...o.stepKeys])
      .where('status', '=', 'completed')
      .returning(['id', 'step_key'])
      .execute();
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    if (ids.length)
      await tx
        .updateTable('gate_reviews')
        .set({ status: 'skipped', reasons: ['rework: the step is done again'] })
        .where('attempt_id', 'in', ids)
        .where('status', '=', 'pending')
        .execute();
    if (ids.length)
      await appendAudit({ ...x, db: tx }, [
        {
          actor: o.actor,
          type: 'rework',
          data: { workItem: o.workItemId, attempts: ids, steps: [...o.stepKeys], reason: o.reason },
        },
      ]);
    return ids;
  });
}

/** Ends the queued attempts of a cancelled work item, so no executor claims them. */
export async function endQueued(x: ExecDb, o: { workItemId: number; actor: string }): Promise<number[]> {
  return inTransaction(x.db, async (tx) => {
    const rows = await tx
      .updateTable('attempts')
      .set({ status: 'failed', ended_at: sql<Date>`now()` })
      .where('work_item_id', '=', o.workItemId)
      .where('status', '=', 'queued')
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    if (ids.length)
      await appendAudit({ ...x, db: tx }, [
        { actor: o.actor, type: 'attempts-cancelled', data: { workItem: o.workItemId, attempts: ids } },
      ]);
    return ids;
  });
}
