import { sqlMigration } from './sql-migration.js';

// Runs change without always adding audit records (a log line, a gate's url), yet every serve
// process streams them live: a change to a run's rows notifies `papertrail_changes` as migration 7's
// audit trigger does, so a serve process hears runs changed by any process (another serve, the CLI).
const TABLES = ['runs', 'run_events', 'run_gates', 'run_artifacts', 'run_approvals'];

export default sqlMigration(
  8,
  'run-notify',
  TABLES.map(
    (t) => `create trigger ${t}_notify after insert or update on ${t}
    for each statement execute function papertrail_notify_changes()`,
  ),
);
