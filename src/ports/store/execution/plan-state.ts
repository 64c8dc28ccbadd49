import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Attempt, Database, GateReview, WorkItem } from '../database.js';

/** A plan's execution state as stored: what the schedule, the list and the advance rule are computed from. */
export interface PlanState {
  items: WorkItem[];
  /** By work item id: the issues its plan said block it, ascending. */
  blockers: Map<number, number[]>;
  /** The latest attempt of each step of each item (the highest number), by item id. */
  attempts: Map<number, Attempt[]>;
  /** The gate reviews of those latest attempts, by attempt id. */
  gates: Map<number, GateReview[]>;
}

function group<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const ITEM_DATES = ['created_at', 'updated_at'] as const;
const ATTEMPT_DATES = ['not_before', 'lease_expires_at', 'queued_at', 'started_at', 'ended_at'] as const;
const GATE_DATES = ['decided_at', 'created_at'] as const;

/**
 * The rows of `query` as one JSON text, ordered by `orderBy` (trusted column names), with the
 * `dates` columns turned back into Dates as the drivers give them: the same rows `execute()` returns.
 * Why: the embedded store's wire decoding costs per field, and a plan of 10,000 items is some 700,000
 * fields; one field of JSON parses several times faster there, and no slower on Postgres.
 */
async function asJson<T>(
  db: Kysely<Database>,
  // biome-ignore lint/suspicious/noExplicitAny: any table of the plan's state
  query: SelectQueryBuilder<Database, any, any>,
  orderBy: string,
  dates: readonly string[],
): Promise<T[]> {
  const order = sql.raw(
    orderBy
      .split(',')
      .map((c) => `t.${c.trim()}`)
      .join(', '),
  );
  const { rows } = await sql<{ j: string }>`select coalesce(json_agg(t order by ${order}), '[]')::text as j
    from (${query}) as t`.execute(db);
  const out = JSON.parse(rows[0]?.j ?? '[]') as Record<string, unknown>[];
  if (dates.length > 0)
    for (const r of out)
      for (const k of dates) {
        const v = r[k];
        if (typeof v === 'string') r[k] = new Date(v);
      }
  return out as T[];
}

/**
 * Reads a plan's work items with their blockers, latest attempts and those attempts' gates; with
 * `itemIds`, only those items (the rest of the plan is not read).
 */
export async function readPlanState(
  db: Kysely<Database>,
  planKey: string,
  itemIds?: readonly number[],
): Promise<PlanState> {
  if (itemIds && itemIds.length === 0)
    return { items: [], blockers: new Map(), attempts: new Map(), gates: new Map() };
  let items = db.selectFrom('work_items').selectAll().where('plan_key', '=', planKey);
  if (itemIds) items = items.where('id', 'in', [...itemIds]);
  const rows = await asJson<WorkItem>(db, items, 'issue_number', ITEM_DATES);
  if (rows.length === 0) return { items: [], blockers: new Map(), attempts: new Map(), gates: new Map() };
  // The whole plan is selected by a subquery, not a list of ids: a large plan would pass Postgres'
  // limit on parameters.
  const ids = itemIds
    ? [...itemIds]
    : db.selectFrom('work_items').select('id').where('plan_key', '=', planKey);
  const [blockers, attempts, allGates] = await Promise.all([
    asJson<{ work_item_id: number; blocked_by_issue: number }>(
      db,
      db.selectFrom('work_item_blockers').selectAll().where('work_item_id', 'in', ids),
      'work_item_id, blocked_by_issue',
      [],
    ),
    asJson<Attempt>(
      db,
      db
        .selectFrom('attempts')
        .selectAll()
        .distinctOn(['work_item_id', 'step_key'])
        .where('work_item_id', 'in', ids)
        .orderBy('work_item_id')
        .orderBy('step_key')
        .orderBy('number', 'desc'),
      'work_item_id, step_key',
      ATTEMPT_DATES,
    ),
    asJson<GateReview>(
      db,
      db.selectFrom('gate_reviews').selectAll().where('work_item_id', 'in', ids),
      'id',
      GATE_DATES,
    ),
  ]);
  const latest = new Set(attempts.map((a) => a.id));
  const gates = allGates.filter((g) => g.attempt_id !== null && latest.has(g.attempt_id));
  return {
    items: rows,
    blockers: new Map(
      [...group(blockers, (b) => b.work_item_id)].map(([k, v]) => [k, v.map((b) => b.blocked_by_issue)]),
    ),
    attempts: group(attempts, (a) => a.work_item_id),
    gates: group(gates, (g) => g.attempt_id ?? 0),
  };
}

/** The ids of the plan's items that name `issue` among their blockers. */
export async function dependentsOf(db: Kysely<Database>, planKey: string, issue: number): Promise<number[]> {
  const rows = await db
    .selectFrom('work_item_blockers as b')
    .innerJoin('work_items as w', 'w.id', 'b.work_item_id')
    .select('w.id')
    .where('w.plan_key', '=', planKey)
    .where('b.blocked_by_issue', '=', issue)
    .orderBy('w.id')
    .execute();
  return rows.map((r) => r.id);
}
