import { print } from '../../io.js';
import * as lazy from '../../lazy.js';
import { table, terminalWidth } from '../../table.js';
import { openApp } from '../shared.js';
import { printWorkList } from './list-json.js';

/** `work list`: every work item, its current step, attempt, executor, lease, gates and blockers. */
export async function workListCommand(flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  // The store's list loads only its own read; the ledger goes through the work backend.
  const rows = app.ws.config.execution?.ledger
    ? await (await lazy.execution()).workBackend(app).list()
    : await (await lazy.workList()).workList(app);
  if (flags.json) {
    printWorkList(rows);
    return 0;
  }
  if (rows.length === 0) {
    print('No work items yet. Run papertrail work schedule to make them from the plan.');
    return 0;
  }
  const width = terminalWidth();
  print(
    table(
      [
        ['ISSUE', 'STATUS', 'STEP', 'ATTEMPT', 'EXECUTOR', 'LEASE', 'GATES', 'BLOCKED BY', 'TITLE'],
        ...rows.map((r) => [
          `#${r.issue}`,
          r.status,
          r.step ? `${r.step} (${r.stepState})` : '-',
          r.attempt ? `${r.attempt.id} ${r.attempt.status}` : '-',
          r.executor ?? '-',
          r.leaseExpiresAt ?? '-',
          r.gates.length ? r.gates.map((g) => `${g.key}:${g.status}`).join(', ') : '-',
          r.blockedBy.length ? r.blockedBy.map((b) => `#${b}`).join(', ') : '-',
          r.title,
        ]),
      ],
      width ? { width, flex: [8] } : {},
    ),
  );
  return 0;
}
