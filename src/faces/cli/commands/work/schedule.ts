import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { table } from '../../table.js';
import { openApp } from '../shared.js';

/** `work schedule`: work items from the plan, then the steps that launch now, in launch order. */
export async function workScheduleCommand(flags: { json?: boolean; dryRun?: boolean }): Promise<number> {
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const backend = workBackend(app);
  const r = await backend.schedule({ dryRun: flags.dryRun });
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const s = r.sync;
  const said = [
    s.added.length ? `added ${s.added.map((n) => `#${n}`).join(', ')}` : '',
    s.changed.length ? `updated ${s.changed.map((n) => `#${n}`).join(', ')}` : '',
    s.cancelled.length ? `cancelled ${s.cancelled.map((n) => `#${n}`).join(', ')}` : '',
  ].filter(Boolean);
  const verb = r.dryRun ? 'Would sync' : 'Synced';
  print(`${verb} work items with the plan (${r.workflow}): ${said.length ? said.join('; ') : 'no change'}.`);
  for (const g of r.ciGates) {
    const on = g.pr === null ? '' : ` (pull request #${g.pr})`;
    const what =
      g.status === 'pass'
        ? 'passed'
        : g.status === 'fail'
          ? `failed; rework from ${g.rework[0] ?? 'its re-entry step'}`
          : 'pending';
    print(
      `CI gate ${g.gate} of #${g.issue}${on}: ${r.dryRun && g.status !== 'pending' ? `would be ${g.status}` : what}: ${g.reasons.join('; ')}`,
    );
  }
  if (r.launch.length === 0) print('Nothing to launch now.');
  else {
    print('Launch order:');
    print(
      table([
        ['#', 'ISSUE', 'STEP', 'ORDER', 'PARALLEL', 'ATTEMPT'],
        ...r.launch.map((l, i) => [
          String(i + 1),
          `#${l.issue}`,
          l.step,
          String(l.order),
          l.parallelizable ? 'yes' : 'no',
          l.attempt === null ? '-' : String(l.attempt),
        ]),
      ]),
    );
  }
  const w = r;
  print(
    `Running ${w.running.length}, waiting ${w.waiting.length}, done ${w.done.length}, cancelled ${w.cancelled.length}` +
      (r.dryRun ? '.' : `; ${r.queued} attempt(s) queued now.`),
  );
  if (r.launch.length && !r.dryRun)
    print(
      backend.kind === 'ledger'
        ? `Next: papertrail work claim --attempt ${r.ready[0]?.attempt ?? 'ID'} --executor ID`
        : 'Next: papertrail work claim --executor ID',
    );
  return 0;
}
