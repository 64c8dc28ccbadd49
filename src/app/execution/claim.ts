import { EXIT, PtError } from '../../base/index.js';
import { attemptFailed, attemptStarted, type HandoffArtifact } from '../../domain/execution/index.js';
import {
  type Attempt,
  claimAttempt,
  type ExecDb,
  expireLeases,
  type RetryPolicy,
} from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import type { Engine } from './advance.js';
import { inEngine } from './engine.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { type Handoff, handoffOf, itemOf } from './handoff-info.js';
import { engineSettings } from './settings.js';

export interface ClaimArgs {
  executor: string;
  /** The lease, renewed by heartbeat; `execution.leaseSeconds` (300) unless given. */
  leaseSeconds?: number;
  /** Claim this attempt or refuse (work/already-claimed when another executor has it). */
  attempt?: number;
}

export interface Claimed {
  attempt: number;
  /** The fencing token every later write of this attempt must carry. */
  token: number;
  leaseExpiresAt: string;
  handoff: Handoff;
  artifact: HandoffArtifact;
}

export const DEFAULT_LEASE_SECONDS = 300;

/**
 * Claims the next ready attempt of the plan in schedule order for one executor, or null when none is
 * ready. Leases that ran out are expired first, each failing its attempt (with its attempt-failed
 * artifact) and queueing a retry, so a dead executor's step is taken up again.
 */
export async function workClaim(app: App, args: ClaimArgs): Promise<Claimed | null> {
  const set = engineSettings(app);
  const leaseMs = args.leaseSeconds === undefined ? set.leaseMs : Math.round(args.leaseSeconds * 1000);
  return withStore(app, async (s) => {
    await inEngine(app, s, (e) => expireIn(e, set.retry), { actor: args.executor, advances: false });
    return inEngine(
      app,
      s,
      async (e) => {
        const a = await claimAttempt(e.x, {
          planKey: e.planKey,
          executorId: args.executor,
          leaseMs,
          ...(args.attempt === undefined ? {} : { attemptId: args.attempt }),
        });
        if (!a && args.attempt !== undefined) throw await whyNotClaimed(e.x, e.planKey, args.attempt);
        return a && startedIn(e, a, args.executor);
      },
      { actor: args.executor, advances: false },
    );
  });
}

/** Expires the leases that ran out, in the engine's transaction (see workClaim). */
export async function expireIn(e: Engine, retry: RetryPolicy): Promise<void> {
  for (const { failed, retry: next } of await expireLeases(e.x, { retry, actor: e.actor })) {
    const item = await itemOf(e.x, failed.work_item_id);
    const ctx = handoffContext(item, e.wf, failed.step_key, failed.id, failed.executor_id ?? e.actor);
    await keepArtifact(e.x, item, failed.id, attemptFailed(ctx, 'the lease expired (no heartbeat)', !!next));
  }
}

/** A claimed attempt's attempt-started artifact, kept in the engine's transaction, and what the claimer is told. */
export async function startedIn(e: Engine, a: Attempt, executor: string): Promise<Claimed> {
  const item = await itemOf(e.x, a.work_item_id);
  const artifact = attemptStarted(handoffContext(item, e.wf, a.step_key, a.id, executor));
  await keepArtifact(e.x, item, a.id, artifact);
  return {
    attempt: a.id,
    token: a.fencing_token!,
    leaseExpiresAt: a.lease_expires_at!.toISOString(),
    handoff: handoffOf(item, a, e.wf),
    artifact,
  };
}

/** Why a named attempt could not be claimed: another executor has it, it has ended, or it is not ready. */
async function whyNotClaimed(x: ExecDb, planKey: string, attempt: number): Promise<PtError> {
  const row = await x.db
    .selectFrom('attempts as a')
    .innerJoin('work_items as w', 'w.id', 'a.work_item_id')
    .select(['a.status', 'a.executor_id'])
    .where('a.id', '=', attempt)
    .where('w.plan_key', '=', planKey)
    .executeTakeFirst();
  if (!row)
    return new PtError('work/no-attempt', `There is no attempt ${attempt} in this plan`, {
      hint: 'papertrail work schedule --json lists the ready attempts; claim one of those.',
      exit: EXIT.notFound,
    });
  if (row.status !== 'queued')
    return new PtError(
      'work/already-claimed',
      `Attempt ${attempt} is already claimed${row.executor_id ? ` by ${row.executor_id}` : ''} (${row.status})`,
      {
        hint: 'Another executor got it first; claim another ready attempt (papertrail work schedule --json).',
        exit: EXIT.conflict,
        details: { attempt, status: row.status, executor: row.executor_id },
      },
    );
  return new PtError(
    'work/not-ready',
    `Attempt ${attempt} is not ready to claim (its backoff has not passed)`,
    {
      hint: 'Wait for the retry backoff, or claim another ready attempt.',
      exit: EXIT.conflict,
    },
  );
}
