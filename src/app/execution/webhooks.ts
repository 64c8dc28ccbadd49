import { appendRecord } from '../../domain/execution/index.js';
import { countAuditTypes, readAudit, type StoredAuditRecord } from '../../ports/store/index.js';
import { type App, withDb } from '../kernel/index.js';
import { workBackend } from './backend.js';

// GitHub webhook deliveries, once their signature is verified by the face. Each is recorded by its
// X-GitHub-Delivery id before anything else, so a redelivery is recognised and applied once. The
// events that move what exists today: a check run, check suite or workflow run completed (the work
// items' CI gates are read again from the pull requests' checks) and a pull request closed or merged
// (the work items are synced with the plan's issues, which its "Resolves #N" closed), or an issue
// closed or reopened. All are what `work schedule` does, so that is what a delivery runs.

export interface Delivery {
  id: string;
  event: string;
  action: string | null;
}

const MOVES: Record<string, readonly string[]> = {
  check_run: ['completed', 'created', 'rerequested'],
  check_suite: ['completed'],
  workflow_run: ['completed'],
  pull_request: ['closed', 'reopened'],
  issues: ['closed', 'reopened'],
};

/** Whether a delivery can change a gate or a work item (others are recorded and ignored). */
export const deliveryMoves = (d: Delivery) => !!d.action && !!MOVES[d.event]?.includes(d.action);

/**
 * Records deliveries in one statement; returns the ids recorded now. An id seen before (a redelivery
 * or a replay) is not among them: do nothing for it.
 */
export async function recordDeliveries(app: App, ds: readonly Delivery[]): Promise<Set<string>> {
  const unique = [...new Map(ds.map((d) => [d.id, d])).values()];
  if (unique.length === 0) return new Set();
  return withDb(app, async (db) => {
    const rows = await db
      .insertInto('webhook_deliveries')
      .values(
        unique.map((d) => ({
          id: d.id,
          event: d.event,
          action: d.action,
          status: deliveryMoves(d) ? ('received' as const) : ('ignored' as const),
        })),
      )
      .onConflict((c) => c.column('id').doNothing())
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  });
}

/** Applies recorded deliveries that move something: one schedule pass for all of them. */
export async function applyDeliveries(
  app: App,
  ids: readonly string[],
): Promise<{ applied: number; error?: string }> {
  if (ids.length === 0) return { applied: 0 };
  let status: 'applied' | 'failed' = 'applied';
  let detail = '';
  try {
    // On the git ledger the schedule is the ledger's: the store's would be a record nobody reads.
    const r = await workBackend(app).schedule({});
    detail = JSON.stringify({ ciGates: r.ciGates.length, sync: r.sync, queued: r.queued });
  } catch (e) {
    status = 'failed';
    detail = (e as Error).message;
  }
  await withDb(app, (db) =>
    db.updateTable('webhook_deliveries').set({ status, detail }).where('id', 'in', ids).execute(),
  );
  return status === 'applied' ? { applied: ids.length } : { applied: 0, error: detail };
}

export async function deliveryStatus(app: App, id: string) {
  return withDb(app, (db) =>
    db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}

/** The audit trail after `afterSeq` (what is pending is chained first): the live events. */
export function eventsSince(app: App, afterSeq: number, limit = 500): Promise<StoredAuditRecord[]> {
  return withDb(app, (db) => readAudit({ db, appendRecord }, afterSeq, limit));
}

/**
 * The gate records after `afterSeq`, counted by type, and the trail's head: what the live feed
 * catches up on when nobody is to be sent the records themselves.
 */
export function gateRecordsSince(
  app: App,
  afterSeq: number,
): Promise<{ head: number; counts: { type: string; n: number }[] }> {
  return withDb(app, (db) => countAuditTypes({ db, appendRecord }, afterSeq, 'gate'));
}
