import forge from './0001-forge.js';
import execution from './0002-execution.js';
import workContext from './0003-work-context.js';
import checks from './0004-checks.js';
import auditPending from './0005-audit-pending.js';
import opsRuns from './0006-ops-runs.js';
import access from './0007-access.js';
import runNotify from './0008-run-notify.js';
import executorWrites from './0009-executor-writes.js';
import deploys from './0010-deploys.js';
import fewerIndexEntries from './0011-fewer-index-entries.js';
import gateLookup from './0012-gate-lookup.js';
import type { Migration } from './sql-migration.js';

export type { Migration } from './sql-migration.js';
export { sqlMigration } from './sql-migration.js';

// Append only; never edit or renumber a released migration (its checksum is recorded in every store).
export const MIGRATIONS: readonly Migration[] = [
  forge,
  execution,
  workContext,
  checks,
  auditPending,
  opsRuns,
  access,
  runNotify,
  executorWrites,
  deploys,
  fewerIndexEntries,
  gateLookup,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
