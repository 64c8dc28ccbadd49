import { sqlMigration } from './sql-migration.js';

// What `serve` keeps. API tokens: only a token's SHA-256 is stored (the token itself is shown once,
// when created); revoking keeps the row, so a revoked token's name still explains a refusal. GitHub
// webhook deliveries, by their X-GitHub-Delivery id: a redelivery (same id) is recognised and not
// applied twice. And a statement trigger that notifies `papertrail_changes` whenever a change adds
// audit records, so that every serve process (LISTEN on Postgres; the embedded store's one session
// listens) hears changes made by any process.
export default sqlMigration(7, 'access', [
  `create table access_tokens (
    id bigint generated always as identity primary key,
    name text not null unique check (name <> ''),
    role text not null check (role in ('viewer', 'operator', 'approver')),
    token_sha256 text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
    created_by text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  `create table webhook_deliveries (
    id text primary key check (id <> ''),
    event text not null check (event <> ''),
    action text,
    received_at timestamptz not null default now(),
    status text not null default 'received' check (status in ('received', 'applied', 'ignored', 'failed')),
    detail text not null default ''
  )`,
  `create function papertrail_notify_changes() returns trigger language plpgsql as $$
    begin
      perform pg_notify('papertrail_changes', '');
      return null;
    end $$`,
  `create trigger audit_pending_notify after insert on audit_pending
    for each statement execute function papertrail_notify_changes()`,
]);
