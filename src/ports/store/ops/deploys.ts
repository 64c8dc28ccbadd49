import { type Kysely, sql } from 'kysely';
import type { Database, Deploy, DeployOutcome } from '../database.js';
import { isUniqueViolation } from '../errors.js';
import type { ExecDb } from '../execution/index.js';
import { audited } from './runs.js';

/** An active deploy whose process has not said it is alive for this long is taken as gone. */
export const DEPLOY_STALE_MS = 120_000;

export interface DeployDecision {
  run: string;
  environment: string;
  /** What was decided: queued, started, approval, preflight, dispatched, failover, fail-fast, retry, rollback, finished... */
  decision: string;
  [k: string]: unknown;
}

/** Records a deploy's decision in the audit trail (the run's log has it too, written by the step). */
export async function recordDeployDecision(x: ExecDb, actor: string, d: DeployDecision): Promise<void> {
  await audited(x, async (_tx, audit) => audit({ actor, type: 'ops-deploy', data: d }));
}

/**
 * Puts a deploy at the end of its environment's queue. The insert holds the environment's advisory
 * lock until it commits, so ids are committed in the order they are given: a later deploy can never
 * be seen before an earlier one and overtake it.
 */
export async function enqueueDeploy(
  x: ExecDb,
  d: { run: string; step: string; environment: string; ref: string; actor: string },
): Promise<Deploy> {
  return audited(x, async (tx, audit) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`papertrail.deploy.${d.environment}`}))`.execute(tx);
    const row = await tx
      .insertInto('deploys')
      .values({ run_id: d.run, step_id: d.step, environment: d.environment, ref: d.ref })
      .returningAll()
      .executeTakeFirstOrThrow();
    audit({
      actor: d.actor,
      type: 'ops-deploy',
      data: { run: d.run, environment: d.environment, decision: 'queued', deploy: row.id, ref: d.ref },
    });
    return row;
  });
}

/**
 * Ends the deploys of `environment` that can no longer finish by themselves: their run has finished
 * (canceled while queued, or its process gone and the run canceled), or an active one whose process
 * stopped saying it is alive. They are done as canceled, each recorded in the audit trail; returns
 * how many.
 */
export async function releaseStaleDeploys(
  x: ExecDb,
  environment: string,
  actor: string,
  now = new Date(),
): Promise<number> {
  return audited(x, async (tx, audit) => {
    const rows = await tx
      .updateTable('deploys')
      .set({ state: 'done', outcome: 'canceled', finished_at: now })
      .where('environment', '=', environment)
      .where('state', '<>', 'done')
      .where((eb) =>
        eb.or([
          eb(
            'run_id',
            'in',
            eb
              .selectFrom('runs')
              .select('runs.id')
              .where('runs.status', 'in', ['success', 'error', 'canceled']),
          ),
          eb.and([
            eb('state', '=', 'active'),
            eb('heartbeat_at', '<', new Date(now.getTime() - DEPLOY_STALE_MS)),
          ]),
        ]),
      )
      .returning(['id', 'run_id'])
      .execute();
    for (const r of rows)
      audit({
        actor,
        type: 'ops-deploy',
        data: {
          run: r.run_id,
          environment,
          decision: 'finished',
          deploy: r.id,
          outcome: 'canceled',
          why: 'its run ended or its process stopped answering',
        },
      });
    return rows.length;
  });
}

/** The deploys of the environment that are ahead of `id` (the active one first), oldest first. */
export async function deploysAhead(db: Kysely<Database>, d: Pick<Deploy, 'id' | 'environment'>) {
  return db
    .selectFrom('deploys')
    .selectAll()
    .where('environment', '=', d.environment)
    .where('state', '<>', 'done')
    .where('id', '<', d.id)
    .orderBy('id')
    .execute();
}

/**
 * Makes a queued deploy the environment's active one when nothing is ahead of it; false while
 * another is active or earlier in the queue (two takers racing: the unique index lets one win).
 */
export async function takeDeployTurn(db: Kysely<Database>, d: Pick<Deploy, 'id' | 'environment'>) {
  const now = new Date();
  try {
    const r = await db
      .updateTable('deploys')
      .set({ state: 'active', started_at: now, heartbeat_at: now })
      .where('id', '=', d.id)
      .where('state', '=', 'queued')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deploys as o')
              .select('o.id')
              .where('o.environment', '=', d.environment)
              .where('o.state', '<>', 'done')
              .where('o.id', '<>', d.id)
              .where((eb) => eb.or([eb('o.state', '=', 'active'), eb('o.id', '<', d.id)])),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  } catch (e) {
    if (isUniqueViolation(e, 'deploys_active')) return false;
    throw e;
  }
}

/** The active deploy says it is alive (see releaseStaleDeploys). */
export async function deployHeartbeat(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('deploys').set({ heartbeat_at: new Date() }).where('id', '=', id).execute();
}

/** A runner problem found while the deploy waited for its job to be picked up. */
export async function addDeployDetection(
  db: Kysely<Database>,
  id: number,
  detection: { seconds: number; decision: string },
): Promise<void> {
  await db
    .updateTable('deploys')
    .set({ detections: sql`detections || ${JSON.stringify([detection])}::jsonb` as never })
    .where('id', '=', id)
    .execute();
}

/** Ends a deploy with its outcome, recorded in the audit trail; a deploy already done is left. */
export async function finishDeploy(
  x: ExecDb,
  d: Pick<Deploy, 'id' | 'run_id' | 'environment'>,
  outcome: DeployOutcome,
  actor: string,
): Promise<void> {
  await audited(x, async (tx, audit) => {
    const r = await tx
      .updateTable('deploys')
      .set({ state: 'done', outcome, finished_at: new Date() })
      .where('id', '=', d.id)
      .where('state', '<>', 'done')
      .returning(['started_at', 'finished_at'])
      .executeTakeFirst();
    if (r)
      audit({
        actor,
        type: 'ops-deploy',
        data: {
          run: d.run_id,
          environment: d.environment,
          decision: 'finished',
          deploy: d.id,
          outcome,
          ...(r.started_at && r.finished_at
            ? { seconds: (r.finished_at.getTime() - r.started_at.getTime()) / 1000 }
            : {}),
        },
      });
  });
}

/** The deploy a run holds active now, if any (a deploy in progress is not canceled). */
export async function activeDeployOf(
  db: Kysely<Database>,
  runId: string,
  now = new Date(),
): Promise<Deploy | undefined> {
  return db
    .selectFrom('deploys')
    .selectAll()
    .where('run_id', '=', runId)
    .where('state', '=', 'active')
    .where('heartbeat_at', '>=', new Date(now.getTime() - DEPLOY_STALE_MS))
    .executeTakeFirst();
}

/** Every finished deploy, oldest first: what the deploy metrics are counted from. */
export async function finishedDeploys(db: Kysely<Database>): Promise<Deploy[]> {
  return db.selectFrom('deploys').selectAll().where('state', '=', 'done').orderBy('id').execute();
}
