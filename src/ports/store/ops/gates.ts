import type { Kysely } from 'kysely';
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
  return audited(x, async (tx, audit) => {
    const before = await tx
      .selectFrom('run_gates')
      .selectAll()
      .where('run_id', '=', runId)
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return undefined;
    const gate = await tx
      .updateTable('run_gates')
      .set({
        status: change.status,
        updated_at: new Date(),
        ...(change.url !== undefined ? { url: change.url } : {}),
        ...(change.details !== undefined
          ? { details: JSON.stringify(mergedDetails(before.details, change.details)) }
          : {}),
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changed = before.status !== gate.status;
    if (changed)
      audit({
        actor,
        type: 'ops-gate-status',
        data: {
          run: runId,
          gate: name,
          from: before.status,
          to: gate.status,
          details: change.details ?? null,
        },
      });
    return { gate, changed };
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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function mergedDetails(before: unknown, change: unknown): unknown {
  const had = typeof before === 'string' ? (JSON.parse(before) as unknown) : before;
  return isObject(had) && isObject(change) ? { ...had, ...change } : change;
}
