import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { leaseArg, refuseOnLedger, wholeArg } from './args.js';

/** `work heartbeat`: renews the lease of a running attempt. */
export async function workHeartbeatCommand(
  attempt: string,
  flags: { token: string; lease?: string; json?: boolean },
): Promise<number> {
  const args = { attempt: wholeArg(attempt, 'attempt id'), token: wholeArg(flags.token, 'token') };
  const leaseSeconds = leaseArg(flags.lease);
  const app = await openApp();
  refuseOnLedger(app, 'work heartbeat');
  const { workHeartbeat } = await lazy.execution();
  const r = await workHeartbeat(app, { ...args, ...(leaseSeconds ? { leaseSeconds } : {}) });
  if (flags.json) printJson({ ok: true, ...r });
  else print(`Attempt ${r.attempt}: lease until ${r.leaseExpiresAt}`);
  return 0;
}
