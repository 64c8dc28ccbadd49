import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';
import { exitCodeArg, wholeArg } from './args.js';

/** `work complete`: ends a running attempt as done, and moves the work on. */
export async function workCompleteCommand(
  attempt: string,
  flags: { token?: string; summary?: string; exitCode?: string; ledgerOut?: string; json?: boolean },
): Promise<number> {
  const args = {
    attempt,
    ...(flags.token === undefined ? {} : { token: wholeArg(flags.token, 'token') }),
    ...(flags.summary ? { summary: flags.summary } : {}),
    ...(flags.exitCode !== undefined ? { exitCode: exitCodeArg(flags.exitCode) } : {}),
    ...(flags.ledgerOut === undefined ? {} : { ledgerOut: flags.ledgerOut }),
  };
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).complete(args);
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const lines = [`Completed attempt ${r.attempt}: #${r.issue} step ${r.step}.`];
  if (r.written && r.written !== 'ledger')
    lines.push(`Written to ${r.written} for the collector: papertrail work collect ${r.written}`);
  if (r.gates.length)
    lines.push(
      `Gates: ${r.gates.map((g) => `${g.key} ${g.status}`).join(', ')}` +
        (r.gates.some((g) => g.status === 'pending')
          ? ` (papertrail gate approve ${r.issue} GATE --reason WHY, by someone else)`
          : ''),
    );
  for (const f of r.finished) lines.push(`#${f} is done.`);
  if (r.queued.length) lines.push(`Queued: ${r.queued.map((q) => `#${q.issue} ${q.step}`).join(', ')}`);
  if (r.scheduleNext) lines.push('Next: papertrail work schedule queues the steps that follow.');
  print(lines.join('\n'));
  return 0;
}
