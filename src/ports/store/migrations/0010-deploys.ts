import { sqlMigration } from './sql-migration.js';

// Deploys (issue 18): one row a deploy step, which is both its place in its environment's queue and
// its record. At most one row an environment is active (the unique index makes a second taker fail
// even when two processes race); the others wait in id order. A row is done with its outcome, and
// the times and runner problems the /metrics histograms are read from, whichever process ran it.
export default sqlMigration(10, 'deploys', [
  `create table deploys (
    id integer generated always as identity primary key,
    run_id uuid not null references runs (id) on delete cascade,
    step_id text not null check (step_id <> ''),
    environment text not null check (environment <> ''),
    ref text not null check (ref <> ''),
    state text not null default 'queued' check (state in ('queued', 'active', 'done')),
    outcome text check (outcome in ('success', 'failed', 'rolled_back', 'canceled')),
    enqueued_at timestamptz not null default clock_timestamp(),
    started_at timestamptz,
    heartbeat_at timestamptz,
    finished_at timestamptz,
    detections jsonb not null default '[]',
    check ((state = 'done') = (outcome is not null)),
    check ((state = 'done') = (finished_at is not null)),
    check (state = 'queued' or started_at is not null or outcome = 'canceled')
  )`,
  `create unique index deploys_active on deploys (environment) where state = 'active'`,
  `create index deploys_open on deploys (environment, id) where state <> 'done'`,
  `create index deploys_run on deploys (run_id)`,
]);
