import { print, printJson } from '../io.js';
import { openApp } from './shared.js';

export async function syncCommand(
  specId: string,
  flags: { json?: boolean; dryRun?: boolean; repo?: string; dir?: string },
): Promise<number> {
  const app = await openApp();
  const { syncImplementation } = await import('../../../app/workflow/sync.js');
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
