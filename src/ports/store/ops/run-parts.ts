import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, Run, RunApproval, RunArtifact, RunGate } from '../database.js';
import { isRunId } from './runs.js';

/** A run's row with what its view is made of. */
export interface RunParts {
  run: Run;
  gates: RunGate[];
  artifacts: RunArtifact[];
  approvals: RunApproval[];
  /** The data of its step marks (log lines from source `step`), oldest first. */
  marks: unknown[];
}

/**
 * Run `id` (its whole id) with its gates, artifacts, approvals and step marks, in one statement: a
 * live page's view is read again on every change, and on the embedded store each statement is paid
 * on the server's own thread. Undefined when there is no such run.
 */
export async function runParts(db: Kysely<Database>, id: string): Promise<RunParts | undefined> {
  if (!isRunId(id)) return undefined;
  const row = await db
    .selectFrom('runs')
    .selectAll('runs')
    .select((eb) => [
      jsonArrayFrom(
        eb.selectFrom('run_gates as g').selectAll('g').whereRef('g.run_id', '=', 'runs.id').orderBy('g.id'),
      ).as('parts_gates'),
      jsonArrayFrom(
        eb
          .selectFrom('run_artifacts as a')
          .selectAll('a')
          .whereRef('a.run_id', '=', 'runs.id')
          .orderBy('a.id'),
      ).as('parts_artifacts'),
      jsonArrayFrom(
        eb
          .selectFrom('run_approvals as p')
          .selectAll('p')
          .whereRef('p.run_id', '=', 'runs.id')
          .orderBy('p.approved_at')
          .orderBy('p.approver'),
      ).as('parts_approvals'),
      // A step's state is its last mark's; a run's log can be long, its marks are few.
      sql<unknown[]>`(select coalesce(json_agg(e.data order by e.id), '[]') from run_events e
        where e.run_id = runs.id and e.source = 'step')`.as('parts_marks'),
    ])
    .where('runs.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { parts_gates, parts_artifacts, parts_approvals, parts_marks, ...run } = row;
  // Inside JSON a timestamp is text and an id a number: made what the tables' own reads return.
  return {
    run,
    gates: parts_gates.map((g) => ({
      ...g,
      id: Number(g.id),
      created_at: new Date(g.created_at),
      updated_at: new Date(g.updated_at),
    })),
    artifacts: parts_artifacts.map((a) => ({ ...a, id: Number(a.id), created_at: new Date(a.created_at) })),
    approvals: parts_approvals.map((p) => ({ ...p, approved_at: new Date(p.approved_at) })),
    marks: parts_marks,
  };
}
