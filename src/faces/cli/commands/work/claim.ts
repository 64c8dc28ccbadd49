import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { leaseArg } from './args.js';

/** `work claim`: the next ready attempt (or the one named) for this executor, with its token, lease and handoff. */
export async function workClaimCommand(flags: {
  executor: string;
  attempt?: string;
  lease?: string;
  json?: boolean;
}): Promise<number> {
  const leaseSeconds = leaseArg(flags.lease);
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const backend = workBackend(app);
  const c = await backend.claim({
    executor: flags.executor,
    ...(flags.attempt === undefined ? {} : { attempt: flags.attempt }),
    ...(leaseSeconds ? { leaseSeconds } : {}),
  });
  if (flags.json) {
    printJson({ ok: true, claimed: c });
    return 0;
  }
  if (!c) {
    print('Nothing to claim: no step is ready (papertrail work list shows why).');
    return 0;
  }
  const h = c.handoff;
  print(
    [
      `Claimed attempt ${c.attempt} (token ${c.token}): #${h.issue} ${h.title}, step ${h.step}` +
        (h.attemptNumber > 1 ? ` (attempt ${h.attemptNumber})` : ''),
      `Requirement: ${h.requirement ?? '-'}`,
      `Branch: ${h.branch ?? '-'}`,
      `Done when: ${h.exitCriteria.join('; ') || '-'}`,
      `Lease until ${c.leaseExpiresAt}: renew with papertrail work heartbeat ${c.attempt} --token ${c.token}`,
      `Then: papertrail work complete ${c.attempt} --token ${c.token} (or work fail ${c.attempt} --token ${c.token} --reason WHY)`,
    ].join('\n'),
  );
  return 0;
}
