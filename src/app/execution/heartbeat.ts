import { heartbeat } from '../../ports/store/index.js';
import { type App, withStore } from '../kernel/index.js';
import { engineSettings } from './settings.js';

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
  const leaseMs =
    args.leaseSeconds === undefined ? engineSettings(app).leaseMs : Math.round(args.leaseSeconds * 1000);
  return withStore(app, async (s) => {
    const until = await heartbeat(s.x, { attemptId: args.attempt, token: args.token, leaseMs });
    return { attempt: args.attempt, leaseExpiresAt: until.toISOString() };
  });
}
