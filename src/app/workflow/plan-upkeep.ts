// The plan kept true by what happens on the forge, with no one running `sync` by hand: once every
// requirement issue of the plan is closed, its tracking issue is closed too (and reopened when one of
// them is reopened, unless the tracking issue was closed as not planned); and where papertrail.yaml
// names the decisions workspace (`decisions:`), the spec's implementation status there follows the
// issues as `sync` writes it. What `serve` runs for a webhook delivery about an issue or a pull
// request; running it twice does nothing more.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE, PtError, refusalAt } from '../../base/index.js';
import { loadImplementingSpec } from '../kernel/implementing/index.js';
import { type App, openApp, withForge } from '../kernel/index.js';
import { readPlanWork, recordImplementation, type SyncResult } from './sync.js';

export interface UpkeepResult {
  spec: string;
  /** Tracking issues this run closed (every requirement issue is closed) or reopened (one is open again). */
  closedTracking: number[];
  reopenedTracking: number[];
  /** The spec's implementation status in the decisions workspace, when papertrail.yaml names one. */
  decisions: SyncResult | null;
  dryRun: boolean;
}

export async function keepPlanTrue(app: App, opts: { dryRun?: boolean } = {}): Promise<UpkeepResult> {
  const dryRun = !!opts.dryRun;
  const spec = loadImplementingSpec(app).spec.id;
  const decisionsApp = openDecisions(app);
  const repo = app.ws.config.repo;
  if (decisionsApp && !repo)
    throw new PtError('config/no-repo', 'papertrail.yaml does not say which repository this is', {
      hint: 'Set "repo: ORG/NAME" in papertrail.yaml (bootstrap writes it).',
      location: { file: CONFIG_FILE },
      exit: 3,
    });

  const closedTracking: number[] = [];
  const reopenedTracking: number[] = [];
  const work = await withForge(
    app,
    async (forge) => {
      const work = await readPlanWork(forge, spec);
      const done = work.issues.length > 0 && work.issues.every((i) => i.state === 'closed');
      const listed = work.issues.map((i) => `#${i.number}`).join(', ');
      for (const t of work.tracking) {
        if (done && t.state === 'open') {
          closedTracking.push(t.number);
          if (dryRun) continue;
          // Closed first: a run cut short after it leaves no comment behind, never a second one.
          await forge.updateIssue(t.number, { state: 'closed', stateReason: 'completed' });
          await forge.comment(t.number, `Every requirement issue of ${spec} is closed (${listed}).`);
        } else if (!done && t.state === 'closed' && t.stateReason === 'completed' && work.issues.length) {
          reopenedTracking.push(t.number);
          if (dryRun) continue;
          await forge.updateIssue(t.number, { state: 'open' });
          const open = work.issues.filter((i) => i.state === 'open').map((i) => `#${i.number}`);
          await forge.comment(
            t.number,
            `Reopened: ${open.join(', ')} of ${spec} ${open.length === 1 ? 'is' : 'are'} open again.`,
          );
        }
      }
      return work;
    },
    { readOnly: dryRun },
  );

  const decisions =
    decisionsApp && repo ? recordImplementation(decisionsApp, { specId: spec, repo, dryRun }, work) : null;
  return { spec, closedTracking, reopenedTracking, decisions, dryRun };
}

/** The decisions workspace papertrail.yaml names, opened; null when it names none. */
function openDecisions(app: App): App | null {
  const rel = app.ws.config.decisions;
  if (!rel) return null;
  const root = resolve(app.ws.root, rel);
  if (!existsSync(join(root, CONFIG_FILE)))
    throw refusalAt(
      'config/no-decisions',
      `decisions: ${rel} is not a Papertrail workspace (${root})`,
      'Point "decisions:" in papertrail.yaml at the folder that holds the spec (papertrail init made it).',
      CONFIG_FILE,
      valueAt(readFileSync(join(app.ws.root, CONFIG_FILE), 'utf8'), 'decisions'),
    );
  return openApp(root, process.env, { onNote: app.onNote });
}

/** Where a top-level key's value starts in papertrail.yaml (1-based), for the error's location. */
function valueAt(text: string, key: string): { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (i < 0) return { line: 1, column: 1 };
  const after = lines[i]!.slice(key.length + 1);
  return { line: i + 1, column: key.length + 2 + (after.length - after.trimStart().length) };
}
