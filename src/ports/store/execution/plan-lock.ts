import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

/**
 * Serialises the transactions that move a plan's work on (sync, completion, gate decision) with each
 * other, until the transaction ends: each then reads the state the one before it committed, so two of
 * them never both queue the same step or both miss a dependent that became ready. Claims and lease
 * expiry do not take it: they stay concurrent, and the attempt rows keep them exclusive.
 */
export async function lockPlan(tx: Kysely<Database>, planKey: string): Promise<void> {
  if (!tx.isTransaction) throw new TypeError('lockPlan must run inside a transaction');
  await sql`select pg_advisory_xact_lock(hashtext(${`papertrail-plan:${planKey}`}))`.execute(tx);
}
