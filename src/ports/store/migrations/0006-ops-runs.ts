import { sqlMigration } from './sql-migration.js';

// The control room (issue 17): runs made from run templates, their log lines, their gates (the CI
// checks and approvals a run waits on), their artifacts (a pull request, its checks) and the
// approvals given. run_gates has exactly the columns and statuses of the design it follows, so that
// forge check states map onto it one to one. A run's template text is kept as it was run.
export default sqlMigration(6, 'ops-runs', [
  `create table run_templates (
    slug text primary key check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    title text not null check (title <> ''),
    description text not null default '',
    source text not null check (source <> ''),
    template_yaml text not null check (template_yaml <> ''),
    updated_at timestamptz not null default now()
  )`,
  `create table runs (
    id uuid primary key default gen_random_uuid(),
    env text not null check (env in ('prod', 'staging', 'dev')),
    kind text not null check (kind <> ''),
    template_slug text not null references run_templates (slug),
    intent text,
    input jsonb not null default '{}',
    plan jsonb not null,
    risk text not null check (risk in ('low', 'medium', 'high')),
    status text not null default 'queued'
      check (status in ('waiting', 'queued', 'running', 'success', 'error', 'canceled')),
    requested_by text not null check (requested_by <> ''),
    quorum integer not null default 1 check (quorum > 0),
    approval_deadline timestamptz,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    canceled_at timestamptz,
    error_message text,
    check ((status in ('success', 'error', 'canceled')) = (finished_at is not null)),
    check ((status = 'canceled') = (canceled_at is not null)),
    check (status <> 'waiting' or approval_deadline is not null)
  )`,
  `create index runs_list on runs (created_at desc, id)`,
  `create index runs_waiting on runs (approval_deadline) where status = 'waiting'`,
  `create table run_events (
    id bigint generated always as identity primary key,
    run_id uuid not null references runs (id) on delete cascade,
    ts timestamptz not null default clock_timestamp(),
    level text not null check (level in ('debug', 'info', 'warn', 'error', 'success')),
    source text not null check (source <> ''),
    phase text,
    message text not null,
    data jsonb
  )`,
  `create index run_events_run on run_events (run_id, id)`,
  `create table run_gates (
    id bigserial primary key,
    run_id uuid not null references runs (id) on delete cascade,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    name text not null,
    status text not null check (status in ('pending', 'pass', 'fail', 'skipped')),
    url text null,
    details jsonb null
  )`,
  // A gate is found by its run and name (a check reports by name).
  `create unique index run_gates_name on run_gates (run_id, name)`,
  `create table run_artifacts (
    id bigint generated always as identity primary key,
    run_id uuid not null references runs (id) on delete cascade,
    kind text not null check (kind in ('link', 'diff', 'file')),
    title text not null check (title <> ''),
    value text not null,
    created_at timestamptz not null default now()
  )`,
  `create index run_artifacts_run on run_artifacts (run_id, id)`,
  `create table run_approvals (
    run_id uuid not null references runs (id) on delete cascade,
    approver text not null check (approver <> ''),
    reason text not null check (btrim(reason) <> ''),
    input jsonb not null,
    approved_at timestamptz not null default now(),
    primary key (run_id, approver)
  )`,
]);
