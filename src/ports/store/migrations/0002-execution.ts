import { sqlMigration } from './sql-migration.js';

// The execution engine (issue 16): work items, their attempts (claimed by executors under a lease and a
// fencing token), gate reviews, handoff artifacts and the audit hash chain. The constraints make the
// states the engine must never reach unrepresentable: a step with two live attempts, an attempt number
// used twice, a running attempt without an executor, lease or token, a rejection without its reasons.
// JSON that is hashed or published (audit data, handoff artifacts) is kept as text: jsonb would reorder
// its keys, and the audit chain hashes canonical JSON.
export default sqlMigration(2, 'execution', [
  `create table work_items (
    id bigint generated always as identity primary key,
    plan_key text not null check (plan_key <> ''),
    issue_number integer not null check (issue_number > 0),
    workflow_ref text not null check (workflow_ref ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    status text not null default 'pending' check (status in ('pending', 'active', 'done', 'cancelled')),
    current_step_key text check (current_step_key <> ''),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (plan_key, issue_number)
  )`,

  // Every claim takes the next value: a token is never handed out twice, even across attempts.
  `create sequence attempt_fencing_seq`,

  // sort_key is the schedule's order for the attempt's step (rank, issue, step order, …), compared
  // element by element; equal keys fall back to the step key in byte order, then the attempt id.
  `create table attempts (
    id bigint generated always as identity primary key,
    work_item_id bigint not null references work_items (id) on delete cascade,
    step_key text not null check (step_key <> ''),
    number integer not null check (number > 0),
    status text not null default 'queued'
      check (status in ('queued', 'running', 'completed', 'rejected', 'failed', 'rework')),
    sort_key integer[] not null,
    not_before timestamptz not null default now(),
    executor_id text check (executor_id <> ''),
    lease_expires_at timestamptz,
    fencing_token bigint,
    queued_at timestamptz not null default now(),
    started_at timestamptz,
    ended_at timestamptz,
    exit_code integer,
    unique (work_item_id, step_key, number),
    check (status <> 'queued' or (executor_id is null and fencing_token is null and started_at is null)),
    check (status <> 'running' or (executor_id is not null and lease_expires_at is not null
      and fencing_token is not null and started_at is not null and ended_at is null)),
    check (status not in ('queued', 'running') or ended_at is null),
    check (status not in ('completed', 'rejected', 'failed') or ended_at is not null),
    check (exit_code is null or ended_at is not null)
  )`,
  // One live attempt per step of a work item: a retry is queued only once its predecessor has ended.
  `create unique index attempts_one_live on attempts (work_item_id, step_key)
    where status in ('queued', 'running')`,
  `create unique index attempts_fencing_token on attempts (fencing_token)`,
  `create index attempts_queue on attempts (sort_key, step_key collate "C", id) where status = 'queued'`,
  `create index attempts_leases on attempts (lease_expires_at) where status = 'running'`,

  `create table gate_reviews (
    id bigint generated always as identity primary key,
    work_item_id bigint not null references work_items (id) on delete cascade,
    attempt_id bigint references attempts (id) on delete cascade,
    gate_key text not null check (gate_key <> ''),
    status text not null default 'pending' check (status in ('pending', 'pass', 'fail', 'skipped')),
    decision text check (decision in ('approve', 'reject')),
    reasons text[] not null default '{}',
    reviewer text check (reviewer <> ''),
    decided_at timestamptz,
    reentry_step_key text check (reentry_step_key <> ''),
    created_at timestamptz not null default now(),
    unique (attempt_id, gate_key),
    check ((decision is null) = (decided_at is null)),
    check (decision is null or reviewer is not null),
    check (decision is null or status = case decision when 'approve' then 'pass' else 'fail' end),
    check (decision <> 'reject' or (reentry_step_key is not null and cardinality(reasons) > 0))
  )`,
  `create index gate_reviews_item on gate_reviews (work_item_id, id)`,

  `create table handoff_artifacts (
    id bigint generated always as identity primary key,
    work_item_id bigint not null references work_items (id) on delete cascade,
    attempt_id bigint references attempts (id) on delete cascade,
    event_type text not null check (event_type in ('attempt-started', 'attempt-completed', 'attempt-failed',
      'attempt-rejected', 'gate-approved', 'gate-rejected', 'baseline-integration')),
    body text not null check (body <> ''),
    created_at timestamptz not null default now()
  )`,
  `create index handoff_artifacts_item on handoff_artifacts (work_item_id, id)`,

  // The chain's records, exactly as hashed: at and data are the text the hash was computed over.
  `create table audit_records (
    seq bigint primary key check (seq > 0),
    prev text not null check (prev ~ '^[0-9a-f]{64}$'),
    hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
    at text not null check (at <> ''),
    actor text not null,
    type text not null check (type <> ''),
    data text not null
  )`,
  // The chain's head, one row: appending locks it, so appends are serialised and seq stays contiguous,
  // and it doubles as a checkpoint the records must reach (a deleted tail is found).
  `create table audit_head (
    id boolean primary key default true check (id),
    seq bigint not null check (seq >= 0),
    hash text not null check (hash ~ '^[0-9a-f]{64}$')
  )`,
  `insert into audit_head (id, seq, hash) values (true, 0, '${'0'.repeat(64)}')`,
]);
