// The local forge's CI checks: each run of a check's command is a row of forge_checks, written
// in_progress before the command starts and completed after it ends. The newest row of a name is
// the check's state, so a run left in_progress by a killed process stays visible until the next
// run of that name supersedes it.
import { type Kysely, sql } from 'kysely';
import { redactErrorText } from '../../base/index.js';
import type { CheckRunConclusion, Database, ForgeCheckRun } from '../store/index.js';
import type { ForgeCheck } from './port.js';

type Db = Kysely<Database>;

/** The most of a run's output the store keeps: its end, where a failure is usually said. */
export const OUTPUT_TAIL_CHARS = 8192;

export interface StartedCheck {
  id: number;
  name: string;
  ref: string;
  sha: string | null;
  startedAt: Date;
}

export interface FinishedCheck {
  conclusion: CheckRunConclusion;
  exitCode: number | null;
  output: string;
}

/**
 * The last OUTPUT_TAIL_CHARS of `output`, redacted first (a secret cut in half would no longer match).
 * NUL, which a Postgres text column refuses, is dropped: binary output must not lose the record.
 */
export function outputTail(output: string): string {
  const tail = redactErrorText(output.replaceAll('\0', ''));
  if (tail.length <= OUTPUT_TAIL_CHARS) return tail;
  // Not starting on the second half of a surrogate pair.
  const from = tail.length - OUTPUT_TAIL_CHARS;
  return tail.slice(/[\uDC00-\uDFFF]/.test(tail[from]!) ? from + 1 : from);
}

export async function startCheck(
  db: Db,
  repoId: number,
  c: { name: string; ref: string; sha: string | null; command: string },
): Promise<StartedCheck> {
  const row = await db
    .insertInto('forge_checks')
    .values({
      repo_id: repoId,
      name: c.name,
      ref: c.ref,
      sha: c.sha,
      command: redactErrorText(c.command.replaceAll('\0', '')),
      status: 'in_progress',
      conclusion: null,
      exit_code: null,
      started_at: new Date(),
      completed_at: null,
    })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), name: c.name, ref: c.ref, sha: c.sha, startedAt: row.started_at };
}

/** Records how a run ended; returns when, and the output tail as kept. */
export async function finishCheck(
  db: Db,
  repoId: number,
  id: number,
  f: FinishedCheck,
): Promise<{ completedAt: Date; outputTail: string }> {
  const row = await db
    .updateTable('forge_checks')
    .set({
      status: 'completed',
      conclusion: f.conclusion,
      exit_code: f.exitCode,
      completed_at: new Date(),
      output_tail: outputTail(f.output),
    })
    .where('repo_id', '=', repoId)
    .where('id', '=', id)
    .returning(['completed_at', 'output_tail'])
    .executeTakeFirstOrThrow();
  return { completedAt: row.completed_at ?? new Date(), outputTail: row.output_tail };
}

/** Every run of every check of `ref` (a branch or a commit), newest first. */
export async function checkRuns(db: Db, repoId: number, ref: string): Promise<ForgeCheckRun[]> {
  return db
    .selectFrom('forge_checks')
    .selectAll()
    .where('repo_id', '=', repoId)
    .where((eb) => eb.or([eb('ref', '=', ref), eb('sha', '=', ref)]))
    .orderBy('id', 'desc')
    .execute();
}

/** The newest run of each name on `ref`, as the port's checks, by name. */
export async function latestChecks(db: Db, repoId: number, ref: string): Promise<ForgeCheck[]> {
  const rows = await db
    .selectFrom('forge_checks')
    .selectAll()
    .where('repo_id', '=', repoId)
    .where((eb) => eb.or([eb('ref', '=', ref), eb('sha', '=', ref)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('forge_checks as newer')
            .select(sql`1`.as('x'))
            .whereRef('newer.repo_id', '=', 'forge_checks.repo_id')
            .whereRef('newer.name', '=', 'forge_checks.name')
            .whereRef('newer.id', '>', 'forge_checks.id')
            .where((eb) => eb.or([eb('newer.ref', '=', ref), eb('newer.sha', '=', ref)])),
        ),
      ),
    )
    .orderBy('name')
    .execute();
  return rows.map(toCheck);
}

export function toCheck(r: ForgeCheckRun): ForgeCheck {
  return {
    name: r.name,
    status: r.status,
    conclusion: r.conclusion,
    startedAt: r.started_at.toISOString(),
    ...(r.completed_at ? { completedAt: r.completed_at.toISOString() } : {}),
    source: 'check-run',
  };
}
