import type { Kysely } from 'kysely';
import type { Database, Run, RunApproval } from '../database.js';
import type { ExecDb } from '../execution/index.js';
import { audited } from './runs.js';

export const APPROVAL_GATE = 'Manual Approval';

export async function runApprovals(db: Kysely<Database>, runId: string): Promise<RunApproval[]> {
  return db
    .selectFrom('run_approvals')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('approved_at')
    .orderBy('approver')
    .execute();
}

export type ApprovalOutcome =
  | { kind: 'recorded'; run: Run; approvals: number; released: boolean }
  | { kind: 'not-waiting'; run: Run }
  | { kind: 'already'; run: Run }
  | { kind: 'missing' };

/**
 * Records one approval of a waiting run with the exact inputs approved; once the run has its quorum,
 * the approval gate passes and the run is queued to run, in the same commit. The run row is locked,
 * so two approvers at once count one after the other.
 */
export async function recordApproval(
  x: ExecDb,
  runId: string,
  a: { approver: string; reason: string },
): Promise<ApprovalOutcome> {
  return audited(x, async (tx, audit) => {
    const run = await tx
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst();
    if (!run) return { kind: 'missing' } as const;
    if (run.status !== 'waiting') return { kind: 'not-waiting', run } as const;
    const added = await tx
      .insertInto('run_approvals')
      .values({
        run_id: runId,
        approver: a.approver,
        reason: a.reason,
        input: JSON.stringify(run.input),
        approved_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['run_id', 'approver']).doNothing())
      .returning('approver')
      .executeTakeFirst();
    if (!added) return { kind: 'already', run } as const;
    const count = (await runApprovals(tx, runId)).length;
    const released = count >= run.quorum;
    audit({
      actor: a.approver,
      type: 'ops-run-approved',
      data: { run: runId, reason: a.reason, input: run.input, approvals: count, quorum: run.quorum },
    });
    let now = run;
    if (released) {
      await tx
        .updateTable('run_gates')
        .set({ status: 'pass', updated_at: new Date() })
        .where('run_id', '=', runId)
        .where('name', '=', APPROVAL_GATE)
        .execute();
      now = await tx
        .updateTable('runs')
        .set({ status: 'queued' })
        .where('id', '=', runId)
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({
        actor: a.approver,
        type: 'ops-gate-status',
        data: { run: runId, gate: APPROVAL_GATE, from: 'pending', to: 'pass', details: { approvals: count } },
      });
    }
    return { kind: 'recorded', run: now, approvals: count, released } as const;
  });
}

/**
 * Denies a waiting run whose approval deadline passed: its approval gate fails and the run ends in
 * error, recorded in the audit trail as a timeout. A run approved or cancelled meanwhile is left alone.
 */
export async function expireApproval(x: ExecDb, runId: string, actor: string): Promise<Run | undefined> {
  return audited(x, async (tx, audit) => {
    const now = new Date();
    const run = await tx
      .updateTable('runs')
      .set({ status: 'error', finished_at: now, error_message: 'approval timed out: denied' })
      .where('id', '=', runId)
      .where('status', '=', 'waiting')
      .where('approval_deadline', '<=', now)
      .returningAll()
      .executeTakeFirst();
    if (!run) return undefined;
    const details = { timedOut: true, deadline: run.approval_deadline?.toISOString() ?? null };
    await tx
      .updateTable('run_gates')
      .set({ status: 'fail', updated_at: now, details: JSON.stringify(details) })
      .where('run_id', '=', runId)
      .where('name', '=', APPROVAL_GATE)
      .execute();
    audit({ actor, type: 'ops-approval-timeout', data: { run: runId, gate: APPROVAL_GATE, ...details } });
    return run;
  });
}
