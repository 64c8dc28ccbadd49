import { print, printJson } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';

/** `work collect`: the files `--ledger-out` left in each folder, committed to the ledger at once. */
export async function workCollectCommand(dirs: string[], flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).collect(dirs);
  if (flags.json) printJson({ ok: true, ...r });
  else
    print(
      r.commit
        ? `Collected ${r.files} file(s) and ${r.records} audit record(s) in one commit ${r.commit.slice(0, 12)}` +
            (r.unchanged ? ` (${r.unchanged} already there).` : '.')
        : `Nothing to collect: all ${r.unchanged} file(s) are on the ledger already.`,
    );
  return 0;
}
