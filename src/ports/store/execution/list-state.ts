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

type AttemptRow = [
  string,
  number,
  number,
  AttemptStatus,
  number | null,
  string | null,
  number | null,
  [string, GateStatus][] | null,
];
type ItemRow = [number, number, WorkItemStatus, string | null, string, number[] | null, AttemptRow[] | null];

/**
 * Every work item of the plan with its blockers and the latest attempt of each step with that attempt's
 * gates, by issue number: the rows readPlanState gives, cut to the columns the list uses, in one
 * statement and one field of positional JSON. Why: the list of a large plan is bound by how many bytes
 * and fields cross the driver (the embedded store decodes each field on its own), not by the query.
 * Times are whole milliseconds, cut the way a Date made from the stored text is.
 */
export async function readListState(db: Kysely<Database>, planKey: string): Promise<ListItem[]> {
  const { rows } = await sql<{ j: string | null }>`
    with w as (
      select id, issue_number, status, current_step_key, title from work_items where plan_key = ${planKey}
    ),
    b as (
      select work_item_id, json_agg(blocked_by_issue order by blocked_by_issue) as j
      from work_item_blockers where work_item_id in (select id from w) group by work_item_id
    ),
    a as (
      select distinct on (work_item_id, step_key)
        id, work_item_id, step_key, number, status, not_before, executor_id, lease_expires_at
      from attempts where work_item_id in (select id from w)
      order by work_item_id, step_key, number desc
    ),
    g as (
      select attempt_id, json_agg(json_build_array(gate_key, status) order by id) as j
      from gate_reviews
      where work_item_id in (select id from w) and attempt_id in (select id from a)
      group by attempt_id
    ),
    ag as (
      select a.work_item_id, json_agg(json_build_array(
        a.step_key, a.id, a.number, a.status,
        case when a.status = 'queued' then floor(extract(epoch from a.not_before) * 1000) end,
        case when a.status = 'running' then a.executor_id end,
        case when a.status = 'running' then floor(extract(epoch from a.lease_expires_at) * 1000) end,
        g.j)) as j
      from a left join g on g.attempt_id = a.id group by a.work_item_id
    )
    select json_agg(json_build_array(w.id, w.issue_number, w.status, w.current_step_key, w.title, b.j, ag.j)
      order by w.issue_number)::text as j
    from w left join b on b.work_item_id = w.id left join ag on ag.work_item_id = w.id`.execute(db);
  const text = rows[0]?.j;
  if (!text) return [];
  return (JSON.parse(text) as ItemRow[]).map(([id, issue, status, step, title, blockedBy, attempts]) => ({
    id,
    issue,
    status,
    step,
    title,
    blockedBy: blockedBy ?? [],
    attempts: (attempts ?? []).map(([s, aid, number, st, notBefore, executor, lease, gates]) => ({
      step: s,
      id: aid,
      number,
      status: st,
      notBefore,
      executor,
      leaseExpiresAt: lease,
      gates: (gates ?? []).map(([key, gs]) => ({ key, status: gs })),
    })),
  }));
}
