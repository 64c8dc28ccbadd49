import { sql } from 'kysely';
import type { GateDecision, GateReview, GateStatus } from '../database.js';
import { appendAudit, type ExecDb } from './audit.js';
import { checkName } from './facts.js';
import { inTransaction } from './transaction.js';

/** Opens a step's gates for its completed attempt: one review each, pending or already settled. */
export async function openGates(
  x: ExecDb,
  o: {
    workItemId: number;
    attemptId: number;
    gates: readonly { key: string; status: GateStatus; note?: string }[];
    actor: string;
  },
): Promise<GateReview[]> {
  if (o.gates.length === 0) return [];
  return inTransaction(x.db, async (tx) => {
    const rows = await tx
      .insertInto('gate_reviews')
      .values(
        o.gates.map((g) => ({
          work_item_id: o.workItemId,
          attempt_id: o.attemptId,
          gate_key: g.key,
          status: g.status,
          reasons: g.note ? [g.note] : [],
        })),
      )
      .returningAll()
      .execute();
    await appendAudit(
      { ...x, db: tx },
      rows.map((r) => ({
        actor: o.actor,
        type: 'gate-opened',
        data: {
          gate: r.id,
          workItem: r.work_item_id,
          attempt: r.attempt_id,
          key: r.gate_key,
          status: r.status,
        },
      })),
    );
    return rows;
  });
}

export interface GateDecisionInput {
  reviewId: number;
  decision: GateDecision;
  reasons: readonly string[];
  reviewer: string;
  reentryStepKey?: string | null;
}

/** Records a decision on a pending gate review; null when it is no longer pending (decided meanwhile). */
export async function decideGate(x: ExecDb, o: GateDecisionInput): Promise<GateReview | null> {
  checkName('reviewer', o.reviewer);
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .updateTable('gate_reviews')
      .set({
        decision: o.decision,
        status: o.decision === 'approve' ? 'pass' : 'fail',
        reasons: [...o.reasons],
        reviewer: o.reviewer,
        decided_at: sql<Date>`now()`,
        reentry_step_key: o.reentryStepKey ?? null,
      })
      .where('id', '=', o.reviewId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await appendAudit({ ...x, db: tx }, [
      {
        actor: o.reviewer,
        type: o.decision === 'approve' ? 'gate-approved' : 'gate-rejected',
        data: {
          gate: row.id,
          workItem: row.work_item_id,
          attempt: row.attempt_id,
          key: row.gate_key,
          reasons: row.reasons,
          reviewer: row.reviewer,
          decidedAt: row.decided_at?.toISOString() ?? null,
          ...(row.reentry_step_key ? { reentryStep: row.reentry_step_key } : {}),
        },
      },
    ]);
    return row;
  });
}

/** Settles a pending gate without a person's decision (the panel's verdict came in, or rework made it moot). */
export async function settleGate(
  x: ExecDb,
  o: { reviewId: number; status: 'pass' | 'skipped'; note: string; actor: string },
): Promise<boolean> {
  return inTransaction(x.db, async (tx) => {
    const row = await tx
      .updateTable('gate_reviews')
      .set({ status: o.status, reasons: [o.note] })
      .where('id', '=', o.reviewId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    await appendAudit({ ...x, db: tx }, [
      {
        actor: o.actor,
        type: o.status === 'pass' ? 'gate-passed' : 'gate-skipped',
        data: { gate: row.id, workItem: row.work_item_id, key: row.gate_key, note: o.note },
      },
    ]);
    return true;
  });
}
