import { sqlMigration } from './sql-migration.js';

// A heartbeat only moves a running attempt's lease. Indexed, the lease made every heartbeat write a
// new entry into each of the attempt's indexes; unindexed, with room left on the table's pages, the
// update stays on its page and touches no index (a HOT update). Expiring leases reads the running
// attempts (one per executor at most) through an index on what never changes while they run.
export default sqlMigration(8, 'attempt-leases', [
  `drop index attempts_leases`,
  `create index attempts_running on attempts (id) where status = 'running'`,
  `alter table attempts set (fillfactor = 90)`,
]);
