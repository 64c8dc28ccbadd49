import { sqlMigration } from './sql-migration.js';

// What an executor's claims, completions and heartbeats cost the server.
// - A heartbeat only moves a running attempt's lease. Indexed, the lease made every heartbeat write a
//   new entry into each of the attempt's indexes; unindexed, with room left on the table's pages, the
//   update stays on its page and touches no index (a HOT update). Expiring leases reads the running
//   attempts (one per executor at most) through an index on what never changes while they run.
// - Listeners heard of a change when its records were added as pending: a NOTIFY from every claim and
//   completion, and every transaction that notifies takes one server-wide lock for its commit, so
//   they all committed one at a time. They now hear of it when its records are chained (one NOTIFY a
//   seal, a few milliseconds later), which also covers records chained without being pending.
export default sqlMigration(9, 'executor-writes', [
  `drop index attempts_leases`,
  `create index attempts_running on attempts (id) where status = 'running'`,
  `alter table attempts set (fillfactor = 90)`,
  `drop trigger audit_pending_notify on audit_pending`,
  `create trigger audit_records_notify after insert on audit_records
    for each statement execute function papertrail_notify_changes()`,
]);
