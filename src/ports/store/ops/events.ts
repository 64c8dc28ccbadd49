import { type Kysely, sql } from 'kysely';
import type { Database, RunEvent, RunEventLevel } from '../database.js';

export interface NewRunEvent {
  level: RunEventLevel;
  source: string;
  phase?: string | null;
  message: string;
  data?: unknown;
}

/**
 * Appends a batch of log lines to a run in one statement (one round trip however many lines): a
 * command's output comes in bursts, and a round trip per line would cap a run's log at the store's
 * latency. Returns the ids given, in order.
 */
export async function appendRunEvents(
  db: Kysely<Database>,
  runId: string,
  events: readonly NewRunEvent[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    insert into run_events (run_id, level, source, phase, message, data)
    select ${runId}::uuid, e.level, e.source, e.phase, e.message, e.data::jsonb
    from unnest(${events.map((e) => e.level)}::text[], ${events.map((e) => e.source)}::text[],
      ${events.map((e) => e.phase ?? null)}::text[], ${events.map((e) => e.message.replaceAll('\0', ''))}::text[],
      ${events.map((e) => (e.data === undefined ? null : JSON.stringify(e.data)))}::text[])
      with ordinality as e(level, source, phase, message, data, n)
    order by e.n
    returning id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** A run's events after `afterId`, oldest first, at most `limit`: a page of a log, or what a follower missed. */
export async function runEventsSince(
  db: Kysely<Database>,
  runId: string,
  afterId = 0,
  limit = 1000,
): Promise<RunEvent[]> {
  return db
    .selectFrom('run_events')
    .selectAll()
    .where('run_id', '=', runId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Log lines of every run, or of one, with ids in (after, upTo], oldest first, at most `limit`: what a
 * server streams to all its followers from one read.
 */
export async function runEventsPage(
  db: Kysely<Database>,
  q: { after: number; upTo?: number; run?: string; limit: number },
): Promise<RunEvent[]> {
  let s = db.selectFrom('run_events').selectAll().where('id', '>', q.after);
  if (q.upTo !== undefined) s = s.where('id', '<=', q.upTo);
  if (q.run !== undefined) s = s.where('run_id', '=', q.run);
  return s.orderBy('id').limit(q.limit).execute();
}

/** The id of the newest log line of any run (0 when there is none). */
export async function lastRunEventId(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('run_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}
