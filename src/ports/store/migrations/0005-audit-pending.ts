import { sqlMigration } from './sql-migration.js';

// Audit records waiting to be chained. A state change inserts its records here, in its own
// transaction, without waiting on anyone; whichever transaction holds the chain's head next chains
// them (seq, prev, hash) into audit_records and deletes them here. Locking the head for every append
// made every state change wait for the one before it to commit (BENCHMARKS.md, claims). `at` is when
// the change was recorded, and `data` the canonical JSON text that will be hashed.
export default sqlMigration(5, 'audit-pending', [
  `create table audit_pending (
    id bigint generated always as identity primary key,
    at text not null check (at <> ''),
    actor text not null,
    type text not null check (type <> ''),
    data text not null
  )`,
]);
