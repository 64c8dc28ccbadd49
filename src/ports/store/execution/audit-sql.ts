import { type RawBuilder, sql } from 'kysely';

// Audit data built by the database from the row a statement returns, so a change and its record are
// one statement. It must say what attemptFacts (facts.ts) says about the same row: the same keys, left
// out when null, times as toISOString writes them. Timestamps are cut to milliseconds, as pg's parser
// cuts them for the Date that toISOString writes. The text need not be canonical: the sealer parses it
// and hashes its canonical form.

/** An ISO 8601 UTC time with milliseconds, as Date.prototype.toISOString writes it. */
export const isoSql = (t: RawBuilder<unknown>) =>
  sql<string>`to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** When a record is added: the database's clock, whichever machine the executor runs on. */
export const AUDIT_AT = isoSql(sql`clock_timestamp()`);

/** attemptFacts of the attempt row named `alias` in the statement, as JSON text. */
export function attemptFactsSql(alias: string): RawBuilder<string> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<string>`json_strip_nulls(json_build_object(
    'attempt', ${c('id')},
    'executor', ${c('executor_id')},
    'exitCode', ${c('exit_code')},
    'leaseExpiresAt', ${isoSql(sql`${c('lease_expires_at')}`)},
    'notBefore', case when ${c('status')} = 'queued' then ${isoSql(sql`${c('not_before')}`)} end,
    'number', ${c('number')},
    'status', ${c('status')},
    'step', ${c('step_key')},
    'token', ${c('fencing_token')},
    'workItem', ${c('work_item_id')}))::text`;
}
