import { type RawBuilder, sql } from 'kysely';

// The attempt's columns, named: a prepared statement that returned `a.*` would be refused once a
// migration added a column to attempts (prepared.ts).
const COLUMNS = [
  'id',
  'work_item_id',
  'step_key',
  'number',
  'status',
  'sort_key',
  'not_before',
  'executor_id',
  'lease_expires_at',
  'fencing_token',
  'queued_at',
  'started_at',
  'ended_at',
  'exit_code',
] as const;

/** Every column of an attempt row, of the table or CTE named `alias` (unqualified without one). */
export const attemptColumns = (alias?: string): RawBuilder<unknown> =>
  sql.join(COLUMNS.map((c) => sql.ref(alias ? `${alias}.${c}` : c)));
