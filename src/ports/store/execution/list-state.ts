import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../database.js';

/**
 * What `work list` reads, as the statement returned it: four flat arrays with a fixed number of values
 * a row. Kept flat on purpose: the list's rows are computed from them in one pass, without an object
 * per item, attempt or blocker in between (at plan scale those objects and their collection were a
 * large share of the list's CPU; BENCHMARKS.md, `work list`).
 */
export interface ListState {
  /** LIST_STRIDE.item values an item, by issue number: id, issue, status, current step (or null), title. */
  items: readonly unknown[];
  /** LIST_STRIDE.blocker values a blocker: work item id, blocking issue. In no order. */
  blockers: readonly unknown[];
  /**
   * LIST_STRIDE.attempt values an attempt, in no order: work item id, id, number, status, step,
   * not-before (ms since the epoch, only when queued, else null), executor (only when running, else
   * null), lease end (ms since the epoch, only when running, else null). Earlier attempts of a step
   * come too: picking the latest (the highest number) is left to the reader, which costs it less
   * than the database's sort does.
   */
  attempts: readonly unknown[];
  /**
   * LIST_STRIDE.gate values a gate review of an attempt, in the order they were made: attempt id, status, gate
   * key. Reviews of earlier attempts come too (cheaper for the database than matching them to the
   * latest ones); the reader matches them to no attempt.
   */
  gates: readonly unknown[];
}

/** How many values a row of each of ListState's arrays has. */
export const LIST_STRIDE = { item: 5, blocker: 2, attempt: 8, gate: 3 } as const;

/** The plan's items, for the parts below to join. */
const plan = (planKey: string) => sql`with w as (
  select id, issue_number, status, current_step_key, title from work_items where plan_key = ${planKey}
)`;

// ListState's arrays, each as the inside of a JSON array (null when empty, which concat writes as
// nothing).
const ITEMS = sql`(select string_agg(id || ',' || issue_number || ',"' || status || '",' ||
    coalesce(to_json(current_step_key)::text, 'null') || ',' || to_json(title)::text, ',' order by issue_number)
  from w)`;
const BLOCKERS = sql`(select string_agg(b.work_item_id || ',' || b.blocked_by_issue, ',')
  from work_item_blockers b join w on w.id = b.work_item_id)`;
const ATTEMPTS = sql`(select string_agg(a.work_item_id || ',' || a.id || ',' || a.number || ',"' || a.status || '",' ||
    to_json(a.step_key)::text || ',' ||
    case when a.status = 'queued' then floor(extract(epoch from a.not_before) * 1000)::text else 'null' end ||
    case when a.status = 'running'
      then ',' || to_json(a.executor_id)::text || ',' || floor(extract(epoch from a.lease_expires_at) * 1000)
      else ',null,null' end, ',')
  from attempts a join w on w.id = a.work_item_id)`;
const GATES = sql`(select string_agg(g.attempt_id || ',"' || g.status || '",' || to_json(g.gate_key)::text, ','
    order by g.id)
  from gate_reviews g join w on w.id = g.work_item_id where g.attempt_id is not null)`;

/**
 * Runs a statement whose one field is a JSON array of the given parts' arrays, parsed. With `unlessAtLeast`,
 * the statement first counts the plan's items up to that many and, when there are that many, reads
 * nothing and gives null: the count costs no round trip of its own, and the parts are not computed.
 */
async function arrays(
  db: Kysely<Database>,
  planKey: string,
  parts: RawBuilder<unknown>[],
  unlessAtLeast?: number,
): Promise<unknown[][] | null> {
  const joined = sql`concat('[[', ${sql.join(parts, sql`, '],[', `)}, ']]')`;
  // A scalar subquery under a CASE branch not taken is never run, so a large plan costs only the count.
  const field =
    unlessAtLeast === undefined
      ? joined
      : sql`case when ${atLeast(planKey, unlessAtLeast)} then null else ${joined} end`;
  const { rows } = await sql<{ j: string | null }>`${plan(planKey)} select ${field} as j`.execute(db);
  const j = rows[0]!.j;
  return j === null ? null : (JSON.parse(j) as unknown[][]);
}

/**
 * Every work item of the plan with its blockers and attempts and those attempts' gates, by issue number:
 * the rows readPlanState gives, cut to the columns the list uses. Why this shape: the list of a large
 * plan is bound by the database's work and by how many bytes and fields cross the driver (the embedded
 * store decodes each field on its own), not by the query's plan. Nested per-item JSON aggregates cost
 * the database several times what four flat ones do, and building JSON text with `||` costs it less
 * than with concat() or json_build_array (concat looks up each argument's output function a row); so
 * four flat JSON arrays of scalars (ListState) come as one field a statement and the list puts its
 * rows together from them. Free text (titles, keys, executors) is quoted by to_json; statuses are the
 * schema's fixed words. Times are whole milliseconds, cut the way a Date made from the stored text is.
 *
 * `concurrent` (Postgres, where the pool opens more connections): a plan of `splitFrom` items or more
 * (default SPLIT_FROM) is read over two connections, which the server works on at once, in one
 * snapshot (exported by the first); the first part's JSON is parsed while the second is computed.
 * Otherwise (the embedded store has one connection, and a second transaction would wait for the
 * first; or a small plan) one statement reads all four.
 */
export async function readListState(
  db: Kysely<Database>,
  planKey: string,
  opts: { concurrent?: boolean; splitFrom?: number } = {},
): Promise<ListState> {
  // One statement, but on Postgres only below the split's size: a larger plan gives null and is split.
  const one = await arrays(
    db,
    planKey,
    [ITEMS, BLOCKERS, ATTEMPTS, GATES],
    opts.concurrent ? (opts.splitFrom ?? SPLIT_FROM) : undefined,
  );
  if (one) return state(...one);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const { id } = (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(tx)).rows[0]!;
      const second = db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (tx2) => {
          // Must be the transaction's first statement; the id (from the server) cannot be a parameter.
          await sql`set transaction snapshot ${sql.lit(id)}`.execute(tx2);
          return arrays(tx2, planKey, [ITEMS, BLOCKERS, GATES]);
        });
      // The attempts, about half the work, on the connection that is ready first.
      const [first, rest] = await Promise.all([arrays(tx, planKey, [ATTEMPTS]), second]);
      // Without a count to stop at, a part is never null.
      const [attempts] = first!;
      const [items, blockers, gates] = rest!;
      return state(items, blockers, attempts, gates);
    });
}

/**
 * From how many items the list's read is split. Opening the second connection and the two
 * transactions costs about what a small plan's whole read takes; the read grows with the plan, and
 * from about this size the split saves more than it costs (BENCHMARKS.md, `work list`).
 */
export const SPLIT_FROM = 2_000;

/**
 * Whether the plan has `n` items or more. Counted up to the n-th only: counting a whole large plan
 * scans every item, on the list's critical path, to decide something the first `n` settle.
 */
export async function planHasAtLeast(db: Kysely<Database>, planKey: string, n: number): Promise<boolean> {
  const { rows } = await sql<{ has: boolean }>`select ${atLeast(planKey, n)} as has`.execute(db);
  return rows[0]!.has;
}

/** Whether the plan has `n` items or more, as an SQL condition (planHasAtLeast's). */
const atLeast = (planKey: string, n: number) =>
  n <= 0
    ? sql`true`
    : sql`(select count(*) from (select 1 from work_items where plan_key = ${planKey} limit ${n}) as found) >= ${n}`;

/** ListState from the parts (concat writes each, so none is missing; the types do not know that). */
function state(...[items, blockers, attempts, gates]: (unknown[] | null | undefined)[]): ListState {
  return { items: items ?? [], blockers: blockers ?? [], attempts: attempts ?? [], gates: gates ?? [] };
}
