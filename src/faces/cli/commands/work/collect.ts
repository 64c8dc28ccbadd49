import { EXIT } from '../../../../base/index.js';
import { print, printJson, warn } from '../../io.js';
import * as lazy from '../../lazy.js';
import { openApp } from '../shared.js';

/**
 * `work collect`: the files `--ledger-out` left in each folder, committed to the ledger at once. A
 * folder set aside (its attempt ended otherwise meanwhile) makes it exit 3, after the rest is committed.
 */
export async function workCollectCommand(dirs: string[], flags: { json?: boolean }): Promise<number> {
  const app = await openApp();
  const { workBackend } = await lazy.execution();
  const r = await workBackend(app).collect(dirs);
  const code = r.setAside.length ? EXIT.conflict : 0;
  if (flags.json) {
    printJson({ ok: code === 0, ...r });
    return code;
  }
  print(
    r.commit
      ? `Collected ${r.files} file(s) and ${r.records} audit record(s) in one commit ${r.commit.slice(0, 12)}` +
          (r.unchanged ? ` (${r.unchanged} already there).` : '.')
      : `Nothing to collect: all ${r.unchanged} file(s) are on the ledger already.`,
  );
  for (const s of r.setAside)
    warn(
      `${s.dir} was set aside, not committed: ${s.reason} (${s.path}). \`papertrail work list\` shows where its step stands.`,
    );
  return code;
}
