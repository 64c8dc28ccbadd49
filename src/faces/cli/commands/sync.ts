import { PtError } from '../../../base/index.js';
import { print, printJson } from '../io.js';
import * as lazy from '../lazy.js';
import { common } from '../options.js';
import { type Cli, openApp } from './shared.js';

export function registerSync({ program, run }: Cli): void {
  common(
    program
      .command('sync')
      .argument('[spec]', 'SPEC-NNNN (in the decisions workspace; none in an implementing repository)')
      .description(
        "set an implementation's status in the spec (planned, in-progress, complete) from its plan issues",
      ),
  )
    .addHelpText(
      'after',
      '\nIn an implementing repository, with no spec: closes the tracking issue once every requirement\n' +
        'issue is closed (reopens it when one is reopened) and, when papertrail.yaml names the decisions\n' +
        'workspace (decisions: ../decisions), writes the status there. serve does the same on each\n' +
        'GitHub delivery about an issue or a pull request.',
    )
    .option('--repo <org/name>', 'which implementation, when the spec lists several')
    .option('--dir <path>', "the implementing repository's folder (default: ask GitHub for the repo)")
    .action((s, o) => run(syncCommand(s, o)));
}

export async function syncCommand(
  specId: string | undefined,
  flags: { json?: boolean; dryRun?: boolean; repo?: string; dir?: string },
): Promise<number> {
  const app = await openApp();
  if (!specId) return upkeepCommand(app, flags);
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

/** `sync` in an implementing repository: the plan's tracking issue and, if configured, the spec's status. */
async function upkeepCommand(
  app: Awaited<ReturnType<typeof openApp>>,
  flags: { json?: boolean; dryRun?: boolean; repo?: string; dir?: string },
): Promise<number> {
  if (flags.repo || flags.dir)
    throw new PtError('usage/sync-spec', '--repo and --dir name an implementation of a spec: give the spec', {
      hint: 'In the decisions workspace: papertrail sync SPEC-NNNN --dir PATH. Here: papertrail sync.',
      exit: 2,
    });
  const { keepPlanTrue } = await lazy.planUpkeep();
  const r = await keepPlanTrue(app, { dryRun: !!flags.dryRun });
  if (flags.json) {
    printJson({ ok: true, ...r });
    return 0;
  }
  const would = r.dryRun ? 'Would close' : 'Closed';
  for (const n of r.closedTracking)
    print(`${would} tracking issue #${n}: every requirement issue of ${r.spec} is closed.`);
  for (const n of r.reopenedTracking)
    print(
      `${r.dryRun ? 'Would reopen' : 'Reopened'} tracking issue #${n}: a requirement issue is open again.`,
    );
  const d = r.decisions;
  if (d)
    print(
      d.changed
        ? `${r.dryRun ? 'Would set' : 'Set'} ${d.spec}'s implementation ${d.repo} from ${d.from} to ${d.to} in ${d.file} (decisions workspace)`
        : `${d.spec}'s implementation ${d.repo} is ${d.to} in the decisions workspace; nothing changed.`,
    );
  if (!r.closedTracking.length && !r.reopenedTracking.length && !d)
    print(`The plan of ${r.spec} is up to date (no decisions workspace configured: decisions: PATH).`);
  return 0;
}
