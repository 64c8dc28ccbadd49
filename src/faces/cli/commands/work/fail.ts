import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { exitCodeArg, textArg, wholeArg } from './args.js';

/** `work fail`: ends a running attempt as failed; the step is retried as a new attempt, up to a maximum. */
export async function workFailCommand(
  attempt: string,
  flags: { token?: string; reason?: string; exitCode?: string; ledgerOut?: string; json?: boolean },
): Promise<number> {
  const args = {
    attempt,
    ...(flags.token === undefined ? {} : { token: wholeArg(flags.token, 'token') }),
    reason: textArg(flags.reason, '--reason'),
    ...(flags.exitCode !== undefined ? { exitCode: exitCodeArg(flags.exitCode) } : {}),
    ...(flags.ledgerOut === undefined ? {} : { ledgerOut: flags.ledgerOut }),
  };
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).fail(args);
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      `Failed attempt ${r.attempt}: #${r.issue} step ${r.step}. ` +
        (r.retry
          ? `Retry: attempt ${r.retry.attempt}, not before ${r.retry.notBefore}.`
          : 'No retries left: the step is held until a person decides (papertrail work list).') +
        (r.written && r.written !== 'ledger'
          ? `\nWritten to ${r.written} for the collector: papertrail work collect ${r.written}`
          : ''),
    );
  return 0;
}
