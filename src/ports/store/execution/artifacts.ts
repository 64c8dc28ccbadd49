import type { Kysely } from 'kysely';
import type { Database, HandoffArtifactRow } from '../database.js';
import type { ExecDb } from './audit.js';
import { inTransaction } from './transaction.js';

/**
 * Keeps a handoff artifact (its JSON as text, key order kept) in the transaction of the change it
 * reports. Not an audit record of its own: the change it reports is one.
 */
export async function storeArtifact(
  x: ExecDb,
  o: { workItemId: number; attemptId: number | null; eventType: string; body: unknown },
): Promise<void> {
  await inTransaction(x.db, (tx) =>
    tx
      .insertInto('handoff_artifacts')
      .values({
        work_item_id: o.workItemId,
        attempt_id: o.attemptId,
        event_type: o.eventType,
        body: JSON.stringify(o.body),
      })
      .execute(),
  );
}

/** A plan's artifacts in the order they were written. */
export async function readArtifacts(db: Kysely<Database>, planKey: string): Promise<HandoffArtifactRow[]> {
  return db
    .selectFrom('handoff_artifacts as h')
    .innerJoin('work_items as w', 'w.id', 'h.work_item_id')
    .selectAll('h')
    .where('w.plan_key', '=', planKey)
    .orderBy('h.id')
    .execute();
}
