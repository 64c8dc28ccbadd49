import { sqlMigration } from './sql-migration.js';

// A check's report (a webhook, a poll) names a pull request or a head commit, not a run: the gates it
// moves are found by what they were made for, kept in their details. Without an index every report
// read every gate of every run the workspace ever had. Partial, so gates made for no pull request
// (approvals, reviews) are not in them.
export default sqlMigration(12, 'gate-lookup', [
  `create index run_gates_pr on run_gates ((details->>'pr')) where details->>'pr' is not null`,
  `create index run_gates_head on run_gates ((details->>'head')) where details->>'head' is not null`,
  `create index run_gates_sha on run_gates ((details->>'sha')) where details->>'sha' is not null`,
]);
