import { type Kysely, sql } from 'kysely';
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
   * LIST_STRIDE.attempt values for the latest attempt of each step that has one: work item id, id, number,
   * status, step, not-before (ms since the epoch, only when queued, else null), executor (only when
   * running, else null), lease end (ms since the epoch, only when running, else null).
   */
  attempts: readonly unknown[];
  /**
   * LIST_STRIDE.gate values a gate review of an attempt, in the order they were made: attempt id, status, gate
   * key. Reviews of earlier attempts come too (cheaper for the database than matching them to the
   * latest ones); they match no attempt of `attempts`.
   */
  gates: readonly unknown[];
}

/** How many values a row of each of ListState's arrays has. */
export const LIST_STRIDE = { item: 5, blocker: 2, attempt: 8, gate: 3 } as const;

/**
 * Every work item of the plan with its blockers and the latest attempt of each step with that attempt's
 * gates, by issue number: the rows readPlanState gives, cut to the columns the list uses, in one
 * statement returning one field. Why this shape: the list of a large plan is bound by the database's
 * work and by how many bytes and fields cross the driver (the embedded store decodes each field on its
 * own), not by the query's plan. Nested per-item JSON aggregates cost the database several times what
 * four flat ones do, and building JSON text by concatenation costs it less than json_build_array; so
 * the statement returns four flat JSON arrays of scalars (ListState) and the list puts its rows
 * together from them. Free text (titles, keys,
 * executors) is quoted by to_json; statuses are the schema's fixed words. Times are whole
 * milliseconds, cut the way a Date made from the stored text is.
 */
export async function readListState(db: Kysely<Database>, planKey: string): Promise<ListState> {
  const { rows } = await sql<{ j: string }>`
    with w as (
      select id, issue_number, status, current_step_key, title from work_items where plan_key = ${planKey}
    ),
    a as (
      select distinct on (work_item_id, step_key)
        id, work_item_id, step_key, number, status, not_before, executor_id, lease_expires_at
      from attempts where work_item_id in (select id from w)
      order by work_item_id, step_key, number desc
    )
    select concat('[[',
      (select string_agg(concat(id, ',', issue_number, ',"', status, '",',
          coalesce(to_json(current_step_key)::text, 'null'), ',', to_json(title)), ',' order by issue_number)
        from w),
      '],[',
      (select string_agg(concat(work_item_id, ',', blocked_by_issue), ',')
        from work_item_blockers where work_item_id in (select id from w)),
      '],[',
      (select string_agg(concat(work_item_id, ',', id, ',', number, ',"', status, '",', to_json(step_key), ',',
          case when status = 'queued' then floor(extract(epoch from not_before) * 1000)::text else 'null' end, ',',
          case when status = 'running' then to_json(executor_id)::text else 'null' end, ',',
          case when status = 'running' then floor(extract(epoch from lease_expires_at) * 1000)::text else 'null' end
        ), ',')
        from a),
      '],[',
      (select string_agg(concat(attempt_id, ',"', status, '",', to_json(gate_key)), ',' order by id)
        from gate_reviews where work_item_id in (select id from w) and attempt_id is not null),
      ']]') as j`.execute(db);
  const [items, blockers, attempts, gates] = JSON.parse(rows[0]?.j ?? '[[],[],[],[]]') as unknown[][];
  return { items: items ?? [], blockers: blockers ?? [], attempts: attempts ?? [], gates: gates ?? [] };
}
