import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerSync({ program, run }: Cli): void {
  common(
    program
      .command('sync')
      .argument('<spec>', 'SPEC-NNNN')
      .description(
        "set an implementation's status in the spec (planned, in-progress, complete) from its plan issues",
      ),
  )
    .option('--repo <org/name>', 'which implementation, when the spec lists several')
    .option('--dir <path>', "the implementing repository's folder (default: ask GitHub for the repo)")
    .action((s, o) => run(syncCommand(s, o)));
}

export async function syncCommand(
  specId: string,
  flags: { json?: boolean; dryRun?: boolean; repo?: string; dir?: string },
): Promise<number> {
  const app = await openApp();
  const { syncImplementation } = await lazy.sync();
  const r = await syncImplementation(app, { specId, repo: flags.repo, dir: flags.dir, dryRun: flags.dryRun });
  if (flags.json) printJson({ ok: true, ...r });
  else {
    const q = r.requirements;
    print(
      `${r.repo}: ${q.closed} of ${q.issues} requirement issue(s) closed${q.open.length ? ` (open: ${q.open.map((n) => `#${n}`).join(', ')})` : ''}`,
    );
    print(
      r.changed
        ? `${r.dryRun ? 'Would set' : 'Set'} ${r.spec}'s implementation ${r.repo} from ${r.from} to ${r.to} in ${r.file}`
        : `${r.spec}'s implementation ${r.repo} is ${r.to}; nothing changed.`,
    );
    if (r.allComplete && !r.dryRun)
      print(
        r.specStatus === 'approved'
          ? `Every implementation is complete. Next: papertrail status ${r.spec} implemented`
          : `Every implementation is complete; ${r.spec} is ${r.specStatus}, and can be marked implemented once approved.`,
      );
  }
  return 0;
}
