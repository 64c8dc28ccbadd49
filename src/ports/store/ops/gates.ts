import { type Kysely, sql } from 'kysely';
import type { Database, RunArtifact, RunArtifactKind, RunGate, RunGateStatus } from '../database.js';
import type { ExecDb } from '../execution/index.js';
import { audited, insertGate } from './runs.js';

export async function runGates(db: Kysely<Database>, runId: string): Promise<RunGate[]> {
  return db.selectFrom('run_gates').selectAll().where('run_id', '=', runId).orderBy('id').execute();
}

export async function runArtifacts(db: Kysely<Database>, runId: string): Promise<RunArtifact[]> {
  return db.selectFrom('run_artifacts').selectAll().where('run_id', '=', runId).orderBy('id').execute();
}

/** Adds pending gates to a run (a name it has already is left as it is), recorded in the audit trail. */
export async function addGates(
  x: ExecDb,
  runId: string,
  gates: readonly { name: string; url?: string | null; details?: unknown }[],
  actor: string,
): Promise<RunGate[]> {
  return audited(x, async (tx, audit) => {
    const have = new Set((await runGates(tx, runId)).map((g) => g.name));
    const added: RunGate[] = [];
    for (const g of gates) {
      if (have.has(g.name)) continue;
      const row = await insertGate(tx, runId, g.name, g.details);
      if (g.url) await tx.updateTable('run_gates').set({ url: g.url }).where('id', '=', row.id).execute();
      added.push({ ...row, url: g.url ?? null });
      have.add(g.name);
    }
    if (added.length)
      audit({ actor, type: 'ops-gates-added', data: { run: runId, gates: added.map((g) => g.name) } });
    return added;
  });
}

export interface GateChange {
  status: RunGateStatus;
  url?: string | null;
  details?: unknown;
}

/**
 * Sets a gate's status (and url, details), recorded in the audit trail when the status changes;
 * returns the gate as it is now, or undefined when the run has no gate of that name. New details are
 * laid over the gate's: what it was made for (the pull request, its head and commit, by which later
 * reports of the same check find it) stays with it while each report adds its own.
 */
export async function setGate(
  x: ExecDb,
  runId: string,
  name: string,
  change: GateChange,
  actor: string,
): Promise<{ gate: RunGate; changed: boolean } | undefined> {
  return (await moveGates(x, name, { run: runId }, change, actor))[0];
}

/**
 * Sets the gate named `name` of every run made for pull request `pr` or for `head` (its branch or
 * commit), as setGate does one run's, in one commit: the runs a check's report names. Returns the
 * gates it found, in the order they were made; none when neither is given.
 */
export async function setPullGates(
  x: ExecDb,
  name: string,
  pull: { pr?: number; head?: string },
  change: GateChange,
  actor: string,
): Promise<{ gate: RunGate; changed: boolean }[]> {
  if (pull.pr === undefined && !pull.head) return [];
  return moveGates(x, name, pull, change, actor);
}

/**
 * The gates found, locked and moved in one statement, whose old status comes back beside the new row:
 * a webhook's gate move is on the path to every follower's event, and on the embedded store each
 * statement runs on the server's thread.
 */
async function moveGates(
  x: ExecDb,
  name: string,
  where: { run: string } | { pr?: number; head?: string },
  change: GateChange,
  actor: string,
): Promise<{ gate: RunGate; changed: boolean }[]> {
  return audited(x, async (tx, audit) => {
    const locked = tx
      .selectFrom('run_gates')
      .select(['id', 'status as before', 'details as had'])
      .where('name', '=', name)
      .where((eb) =>
        'run' in where
          ? eb('run_id', '=', where.run)
          : eb.or([
              ...(where.pr !== undefined ? [eb(sql`details->>'pr'`, '=', String(where.pr))] : []),
              ...(where.head
                ? [eb(sql`details->>'head'`, '=', where.head), eb(sql`details->>'sha'`, '=', where.head)]
                : []),
            ]),
      )
      // Locked in one order, so two reports moving the same runs' gates cannot deadlock.
      .orderBy('id')
      .forUpdate();
    const details = change.details === undefined ? undefined : JSON.stringify(change.details);
    const rows = await tx
      .updateTable('run_gates as g')
      .from(locked.as('b'))
      .set({
        status: change.status,
        updated_at: new Date(),
        ...(change.url !== undefined ? { url: change.url } : {}),
        // Laid over the gate's own when both are objects, as a report's details are.
        ...(details !== undefined
          ? {
              details: sql<string>`case when jsonb_typeof(b.had) = 'object' and jsonb_typeof(${details}::jsonb) = 'object'
                then b.had || ${details}::jsonb else ${details}::jsonb end`,
            }
          : {}),
      })
      .whereRef('g.id', '=', 'b.id')
      .returningAll('g')
      .returning('b.before')
      .execute();
    rows.sort((p, q) => Number(p.id) - Number(q.id));
    return rows.map(({ before, ...gate }) => {
      const changed = before !== gate.status;
      if (changed)
        audit({
          actor,
          type: 'ops-gate-status',
          data: {
            run: gate.run_id,
            gate: name,
            from: before,
            to: gate.status,
            details: change.details ?? null,
          },
        });
      return { gate, changed };
    });
  });
}

/** Adds artifacts to a run, recorded in the audit trail. */
export async function addArtifacts(
  x: ExecDb,
  runId: string,
  artifacts: readonly { kind: RunArtifactKind; title: string; value: string }[],
  actor: string,
): Promise<RunArtifact[]> {
  if (!artifacts.length) return [];
  return audited(x, async (tx, audit) => {
    const rows = await tx
      .insertInto('run_artifacts')
      .values(artifacts.map((a) => ({ run_id: runId, ...a, created_at: new Date() })))
      .returningAll()
      .execute();
    audit({
      actor,
      type: 'ops-artifacts-added',
      data: {
        run: runId,
        artifacts: artifacts.map((a) => ({ kind: a.kind, title: a.title, value: a.value })),
      },
    });
    return rows;
  });
}
