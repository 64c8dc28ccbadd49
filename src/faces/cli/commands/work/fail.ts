import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { exitCodeArg, textArg, wholeArg } from './args.js';

/** `work fail`: ends a running attempt as failed; the step is retried as a new attempt, up to a maximum. */
export async function workFailCommand(
  attempt: string,
  flags: { token: string; reason?: string; exitCode?: string; json?: boolean },
): Promise<number> {
  const args = {
    attempt: wholeArg(attempt, 'attempt id'),
    token: wholeArg(flags.token, 'token'),
    reason: textArg(flags.reason, '--reason'),
    ...(flags.exitCode !== undefined ? { exitCode: exitCodeArg(flags.exitCode) } : {}),
  };
  const app = await openApp();
  const { workFail } = await lazy.execution();
  const r = await workFail(app, args);
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      `Failed attempt ${r.attempt}: #${r.issue} step ${r.step}. ` +
        (r.retry
          ? `Retry: attempt ${r.retry.attempt}, not before ${r.retry.notBefore}.`
          : 'No retries left: the step is held until a person decides (papertrail work list).'),
    );
  return 0;
}
