import { sqlMigration } from './sql-migration.js';

// CI checks on the local forge (issue 16, gates): a check is a command run against a pull request's
// head and recorded here, one row per run. A run is written in_progress before its command starts, so a
// process killed mid-run leaves it visibly in_progress; the next run of the same name on the same ref
// supersedes it (the newest row of a name is the check's state). The output kept is a redacted tail.
export default sqlMigration(4, 'checks', [
  `create table forge_checks (
    id bigint primary key default nextval('forge_object_id_seq'),
    repo_id bigint not null references forge_repos (id) on delete cascade,
    name text not null check (name <> ''),
    ref text not null check (ref <> ''),
    sha text check (sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'),
    command text not null check (command <> ''),
    status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
    conclusion text check (conclusion in ('success', 'failure', 'timed_out', 'cancelled')),
    exit_code integer,
    started_at timestamptz not null default now(),
    completed_at timestamptz,
    output_tail text not null default '' check (length(output_tail) <= 8192),
    check ((status = 'completed') = (conclusion is not null)),
    check ((status = 'completed') = (completed_at is not null)),
    check (exit_code is null or status = 'completed')
  )`,
  `create index forge_checks_ref on forge_checks (repo_id, ref, name, id)`,
  `create index forge_checks_sha on forge_checks (repo_id, sha, name, id) where sha is not null`,
]);
