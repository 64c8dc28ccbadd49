import { sql } from 'kysely';
import { gateStatusOfCheck } from '../../domain/ops/index.js';
import type { ForgeCheck, ForgePort } from '../../ports/forge/index.js';
import { isFinished } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { updateGateFromCheck } from './gate-update.js';
import type { GateView } from './view.js';
import { resolveRun } from './view.js';

interface PendingGate {
  run: string;
  check: string;
}

export interface GatePollResult {
  /** Commits (or branches) whose checks were read. */
  refs: number;
  /** Gates that left pending. */
  moved: { run: string; gate: GateView }[];
  /** With a run: whether it has finished and no CI gate of it is pending any more. */
  settled: boolean;
}

/**
 * Pending CI gates ("CI: Tests") made for a pull request, by the commit their checks run on (the
 * head's SHA, else its branch): every run's, or only `run`'s.
 */
async function pendingByRef(
  app: App,
  run?: string,
): Promise<{ refs: Map<string, PendingGate[]>; done: boolean }> {
  return withStore(app, async ({ x }) => {
    const only = run ? await resolveRun(x.db, run) : null;
    let q = x.db
      .selectFrom('run_gates')
      .select([
        'run_id',
        sql<string | null>`details->>'check'`.as('check'),
        sql<string | null>`coalesce(details->>'sha', details->>'head')`.as('ref'),
      ])
      .where('status', '=', 'pending')
      .where(sql<boolean>`details->>'check' is not null`);
    if (only) q = q.where('run_id', '=', only.id);
    const refs = new Map<string, PendingGate[]>();
    for (const g of await q.orderBy('id').execute()) {
      if (!g.check || !g.ref) continue;
      const list = refs.get(g.ref) ?? [];
      list.push({ run: g.run_id, check: g.check });
      refs.set(g.ref, list);
    }
    return { refs, done: !!only && isFinished(only.status) };
  });
}

/** The check a gate follows: of a check run and a commit status of one name, the one that has ended. */
function checkNamed(checks: ForgeCheck[], name: string): ForgeCheck | undefined {
  const named = checks.filter((c) => c.name === name);
  return named.find((c) => c.status === 'completed') ?? named[0];
}

/**
 * One read of the forge for the pending CI gates (of `run`, or of every run): each head's checks once,
 * mapped as a webhook's are, and each gate whose check has ended moved (and its run's streams told).
 * `forge` may be a function that opens it.
 */
export async function pollGates(
  app: App,
  forge: ForgePort | (() => Promise<ForgePort>),
  opts: { run?: string } = {},
): Promise<GatePollResult> {
  const { refs, done } = await pendingByRef(app, opts.run);
  const moved: GatePollResult['moved'] = [];
  let left = 0;
  // Opened only when some gate waits: a poller with nothing to read needs no forge (nor a token).
  const f = refs.size === 0 ? null : typeof forge === 'function' ? await forge() : forge;
  for (const [ref, gates] of refs) {
    const checks = await f!.listChecks(ref);
    for (const g of gates) {
      const c = checkNamed(checks, g.check);
      if (!c || gateStatusOfCheck(c.status, c.conclusion) === 'pending') {
        left++;
        continue;
      }
      const r = await updateGateFromCheck(app, g.run, {
        check: g.check,
        status: c.status,
        conclusion: c.conclusion,
        ...(c.url ? { url: c.url } : {}),
        actor: 'github',
      });
      if (r.changed) moved.push({ run: r.run, gate: r.gate });
    }
  }
  return { refs: refs.size, moved, settled: done && left === 0 };
}
