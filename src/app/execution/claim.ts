import { attemptFailed, attemptStarted, type HandoffArtifact } from '../../domain/execution/index.js';
import { claimAttempt, expireLeases } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { inEngine } from './engine.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { type Handoff, handoffOf, itemOf } from './handoff-info.js';
import { engineSettings } from './settings.js';

export interface ClaimArgs {
  executor: string;
  /** The lease, renewed by heartbeat; `execution.leaseSeconds` (300) unless given. */
  leaseSeconds?: number;
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
    await inEngine(
      app,
      s,
      async (e) => {
        for (const { failed, retry } of await expireLeases(e.x, { retry: set.retry, actor: e.actor })) {
          const item = await itemOf(e.x, failed.work_item_id);
          const ctx = handoffContext(item, e.wf, failed.step_key, failed.id, failed.executor_id ?? e.actor);
          await keepArtifact(
            e.x,
            item,
            failed.id,
            attemptFailed(ctx, 'the lease expired (no heartbeat)', !!retry),
          );
        }
      },
      { actor: args.executor, advances: false },
    );
    return inEngine(
      app,
      s,
      async (e) => {
        const a = await claimAttempt(e.x, { planKey: e.planKey, executorId: args.executor, leaseMs });
        if (!a) return null;
        const item = await itemOf(e.x, a.work_item_id);
        const artifact = attemptStarted(handoffContext(item, e.wf, a.step_key, a.id, args.executor));
        await keepArtifact(e.x, item, a.id, artifact);
        return {
          attempt: a.id,
          token: a.fencing_token!,
          leaseExpiresAt: a.lease_expires_at!.toISOString(),
          handoff: handoffOf(item, a, e.wf),
          artifact,
        };
      },
      { actor: args.executor, advances: false },
    );
  });
}
