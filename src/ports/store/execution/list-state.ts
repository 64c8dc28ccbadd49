import { type Kysely, sql } from 'kysely';
import type { AttemptStatus, Database, GateStatus, WorkItemStatus } from '../database.js';

/** The latest attempt of one step, with only what `work list` shows or decides the step's state from. */
export interface ListAttempt {
  step: string;
  id: number;
  number: number;
  status: AttemptStatus;
  /** When a queued attempt may be claimed, in ms since the epoch; null unless queued. */
  notBefore: number | null;
  /** Who holds a running attempt; null unless running. */
  executor: string | null;
  /** When a running attempt's lease ends, in ms since the epoch; null unless running. */
  leaseExpiresAt: number | null;
  /** The attempt's gate reviews, in the order they were made. */
  gates: { key: string; status: GateStatus }[];
}

/** A work item as `work list` reads it. */
export interface ListItem {
  id: number;
  issue: number;
  status: WorkItemStatus;
  step: string | null;
  title: string;
  /** The issues its plan said block it, ascending. */
  blockedBy: number[];
  /** The latest attempt of each step that has one. */
  attempts: ListAttempt[];
}

/**
 * Every work item of the plan with its blockers and the latest attempt of each step with that attempt's
 * gates, by issue number: the rows readPlanState gives, cut to the columns the list uses, in one
 * statement returning one field. Why this shape: the list of a large plan is bound by the database's
 * work and by how many bytes and fields cross the driver (the embedded store decodes each field on its
 * own), not by the query's plan. Nested per-item JSON aggregates cost the database several times what
 * four flat ones do, and building JSON text by concatenation costs it less than json_build_array; so
 * the statement returns four flat JSON arrays of scalars (items, blockers, attempts, gates, each a
 * fixed number of values per row) and the rows are put together here. Free text (titles, keys,
 * executors) is quoted by to_json; statuses are the schema's fixed words. Times are whole
 * milliseconds, cut the way a Date made from the stored text is.
 */
export async function readListState(db: Kysely<Database>, planKey: string): Promise<ListItem[]> {
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
  return assemble(items ?? [], blockers ?? [], attempts ?? [], gates ?? []);
}

/** The list's items from the statement's flat arrays: 5 values an item, 2 a blocker, 8 an attempt, 3 a gate. */
function assemble(items: unknown[], blockers: unknown[], attempts: unknown[], gates: unknown[]): ListItem[] {
  const byId = new Map<number, ListItem>();
  const out: ListItem[] = [];
  for (let i = 0; i < items.length; i += 5) {
    const it: ListItem = {
      id: items[i] as number,
      issue: items[i + 1] as number,
      status: items[i + 2] as WorkItemStatus,
      step: items[i + 3] as string | null,
      title: items[i + 4] as string,
      blockedBy: [],
      attempts: [],
    };
    byId.set(it.id, it);
    out.push(it);
  }
  for (let i = 0; i < blockers.length; i += 2)
    byId.get(blockers[i] as number)?.blockedBy.push(blockers[i + 1] as number);
  for (const it of out) if (it.blockedBy.length > 1) it.blockedBy.sort((x, y) => x - y);
  const byAttempt = new Map<number, ListAttempt>();
  for (let i = 0; i < attempts.length; i += 8) {
    const a: ListAttempt = {
      id: attempts[i + 1] as number,
      number: attempts[i + 2] as number,
      status: attempts[i + 3] as AttemptStatus,
      step: attempts[i + 4] as string,
      notBefore: attempts[i + 5] as number | null,
      executor: attempts[i + 6] as string | null,
      leaseExpiresAt: attempts[i + 7] as number | null,
      gates: [],
    };
    byAttempt.set(a.id, a);
    byId.get(attempts[i] as number)?.attempts.push(a);
  }
  // Gates of earlier attempts come too (cheaper for the database than matching them to the latest
  // ones); they have no attempt here.
  for (let i = 0; i < gates.length; i += 3)
    byAttempt
      .get(gates[i] as number)
      ?.gates.push({ key: gates[i + 2] as string, status: gates[i + 1] as GateStatus });
  return out;
}
