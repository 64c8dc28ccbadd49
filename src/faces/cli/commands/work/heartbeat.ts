import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { leaseArg, wholeArg } from './args.js';

/** `work heartbeat`: renews the lease of a running attempt. */
export async function workHeartbeatCommand(
  attempt: string,
  flags: { token: string; lease?: string; json?: boolean },
): Promise<number> {
  const args = { attempt, token: wholeArg(flags.token, 'token') };
  const leaseSeconds = leaseArg(flags.lease);
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).heartbeat({ ...args, ...(leaseSeconds ? { leaseSeconds } : {}) });
  if (flags.json) printJson({ ok: true, ...r });
  else print(`Attempt ${r.attempt}: lease until ${r.leaseExpiresAt}`);
  return 0;
}
