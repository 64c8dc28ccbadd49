import { heartbeat } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { DEFAULT_LEASE_SECONDS } from './claim.js';

export interface HeartbeatArgs {
  attempt: number;
  token: number;
  leaseSeconds?: number;
}

/** Renews a running attempt's lease under its token; a stale token is refused (work/stale-token). */
export async function workHeartbeat(
  app: App,
  args: HeartbeatArgs,
): Promise<{ attempt: number; leaseExpiresAt: string }> {
  const leaseMs = Math.round((args.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
  return withStore(app, async (s) => {
    const until = await heartbeat(s.x, { attemptId: args.attempt, token: args.token, leaseMs });
    return { attempt: args.attempt, leaseExpiresAt: until.toISOString() };
  });
}
