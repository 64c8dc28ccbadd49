import { sqlMigration } from './sql-migration.js';

// Index entries a claim and a completion write, each one WAL and server CPU on the executors' path.
// - audit_records.hash was unique, but nothing looks a record up by its hash (readers go by seq) and
//   the chain already finds a copied record: its hash covers its seq and the record before it, so a
//   copy elsewhere breaks the chain where it sits. The index wrote an entry for every record.
// - The fencing token was unique over every attempt ever claimed, so a completion wrote an entry too.
//   The sequence hands each token out once; what an index can still guard is that two running
//   attempts never share one. Running attempts are also what expiring leases reads, through an index
//   of its own on id: one partial index on the token now does both, one entry a claim instead of
//   three a job.
export default sqlMigration(11, 'fewer-index-entries', [
  `alter table audit_records drop constraint audit_records_hash_key`,
  `drop index attempts_fencing_token`,
  `drop index attempts_running`,
  `create unique index attempts_running on attempts (fencing_token) where status = 'running'`,
]);
