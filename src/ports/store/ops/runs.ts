import type { Kysely } from 'kysely';
import type { Database, Run, RunEnv, RunRisk, RunStatus } from '../database.js';
import { type AuditEntryInput, appendAudit, type ExecDb, inTransaction } from '../execution/index.js';
import { appendRunEvents, type NewRunEvent } from './events.js';

export interface NewRun {
  env: RunEnv;
  kind: string;
  template: { slug: string; title: string; description: string; source: string; yaml: string };
  intent: string | null;
  input: Record<string, unknown>;
  plan: unknown;
  risk: RunRisk;
  requestedBy: string;
  /** Waiting for approval until this time; null runs at once (queued). */
  approvalDeadline: Date | null;
  quorum: number;
  gates: readonly { name: string; details?: unknown }[];
  events: readonly NewRunEvent[];
}

const FINISHED: readonly RunStatus[] = ['success', 'error', 'canceled'];

export const isFinished = (s: RunStatus): boolean => FINISHED.includes(s);

/** With the audit records of the writes in `fn`, in one transaction. */
export function audited<T>(
  x: ExecDb,
  fn: (tx: Kysely<Database>, audit: (e: AuditEntryInput) => void) => Promise<T>,
): Promise<T> {
  return inTransaction(x.db, async (tx) => {
    const entries: AuditEntryInput[] = [];
    const r = await fn(tx, (e) => entries.push(e));
    await appendAudit({ db: tx, appendRecord: x.appendRecord }, entries);
    return r;
  });
}

/** Creates a run, its template as run, its first gates and log lines, and its audit record, in one commit. */
export async function createRun(x: ExecDb, r: NewRun): Promise<Run> {
  return audited(x, async (tx, audit) => {
    await tx
      .insertInto('run_templates')
      .values({
        slug: r.template.slug,
        title: r.template.title,
        description: r.template.description,
        source: r.template.source,
        template_yaml: r.template.yaml,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.column('slug').doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          source: eb.ref('excluded.source'),
          template_yaml: eb.ref('excluded.template_yaml'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    const run = await tx
      .insertInto('runs')
      .values({
        env: r.env,
        kind: r.kind,
        template_slug: r.template.slug,
        intent: r.intent,
        input: JSON.stringify(r.input),
        plan: JSON.stringify(r.plan),
        risk: r.risk,
        status: r.approvalDeadline ? 'waiting' : 'queued',
        requested_by: r.requestedBy,
        quorum: r.quorum,
        approval_deadline: r.approvalDeadline,
        created_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const g of r.gates) await insertGate(tx, run.id, g.name, g.details);
    await appendRunEvents(tx, run.id, r.events);
    audit({
      actor: r.requestedBy,
      type: 'ops-run-created',
      data: {
        run: run.id,
        template: r.template.slug,
        env: r.env,
        risk: r.risk,
        status: run.status,
        input: r.input,
        gates: r.gates.map((g) => g.name),
      },
    });
    return run;
  });
}

export async function insertGate(tx: Kysely<Database>, runId: string, name: string, details?: unknown) {
  return tx
    .insertInto('run_gates')
    .values({
      run_id: runId,
      name,
      status: 'pending',
      url: null,
      details: details === undefined ? null : JSON.stringify(details),
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether `id` is a whole run id (a uuid): only such an id is looked up as one. */
export const isRunId = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function getRun(db: Kysely<Database>, id: string): Promise<Run | undefined> {
  if (!isRunId(id)) return undefined;
  return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Runs whose id starts with `prefix` (a short id as shown), at most two: one is a match, two ambiguous. */
export async function runsByPrefix(db: Kysely<Database>, prefix: string): Promise<Run[]> {
  if (!/^[0-9a-f-]{4,36}$/i.test(prefix)) return [];
  return db
    .selectFrom('runs')
    .selectAll()
    .where((eb) => eb(eb.cast('id', 'text'), 'like', `${prefix.toLowerCase()}%`))
    .limit(2)
    .execute();
}

export interface RunFilter {
  env?: RunEnv;
  kind?: string;
  status?: RunStatus;
  limit?: number;
}

/** Runs newest first. */
export async function listRuns(db: Kysely<Database>, f: RunFilter = {}): Promise<Run[]> {
  let q = db.selectFrom('runs').selectAll();
  if (f.env) q = q.where('env', '=', f.env);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 100)
    .execute();
}

/**
 * Moves a run from one of `from` to `to`, recorded in the audit trail; returns the run, or undefined
 * when it was in none of `from` (another process moved it first: the move is a compare-and-set).
 */
export async function moveRun(
  x: ExecDb,
  id: string,
  from: readonly RunStatus[],
  to: RunStatus,
  by: { actor: string; error?: string; data?: Record<string, unknown> },
): Promise<Run | undefined> {
  return audited(x, async (tx, audit) => {
    const now = new Date();
    const run = await tx
      .updateTable('runs')
      .set({
        status: to,
        ...(to === 'running' ? { started_at: now } : {}),
        ...(isFinished(to) ? { finished_at: now } : {}),
        ...(to === 'canceled' ? { canceled_at: now } : {}),
        ...(by.error !== undefined ? { error_message: by.error } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
    if (run)
      audit({
        actor: by.actor,
        type: 'ops-run-status',
        data: { run: id, status: to, ...(by.error ? { error: by.error } : {}), ...(by.data ?? {}) },
      });
    return run;
  });
}

/** Waiting runs whose approval deadline has passed. */
export async function overdueRuns(db: Kysely<Database>, now = new Date()): Promise<Run[]> {
  return db
    .selectFrom('runs')
    .selectAll()
    .where('status', '=', 'waiting')
    .where('approval_deadline', '<=', now)
    .execute();
}

/** How many runs are in each status (statuses with none left out). */
export async function countRunsByStatus(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('runs')
    .select(['status', db.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
