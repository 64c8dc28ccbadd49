import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { numberArg, openApp } from '../shared.js';
import { textArg } from './args.js';

/** `work retry`: a person queues a new attempt of a step held after its last retry failed. */
export async function workRetryCommand(
  issueArg: string,
  step: string,
  flags: { reason?: string; actor?: string; json?: boolean },
): Promise<number> {
  const issue = numberArg(issueArg, 'an issue');
  const reason = textArg(flags.reason, '--reason');
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).retry({
    issue,
    step,
    reason,
    ...(flags.actor ? { actor: flags.actor } : {}),
  });
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      `#${r.issue} step ${r.step}: attempt ${r.retry.attempt} (try ${r.retry.number}) queued after failed attempt ${r.failed.attempt}, by ${r.actor}.`,
    );
  return 0;
}
