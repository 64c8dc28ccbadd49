import { isPtError } from '../../base/index.js';
import { runbookGate } from '../../domain/governance/index.js';
import { lockPlan, sealCommitted } from '../../ports/store/index.js';
import { type App, actorOf, type WorkStore } from '../kernel/index.js';
import type { Engine, PanelVerdict } from './advance.js';
import { workflowOf } from './workflow-of.js';

/** The governance gate passes when the item's runbook is ACCEPTED; until then it says what is missing. */
export function panelOf(app: App): PanelVerdict {
  return (item) => {
    if (!item.requirement) return { pass: false, note: `#${item.issue_number} has no requirement key` };
    try {
      const g = runbookGate(
        { root: app.ws.root, cwd: app.cwd, required: true },
        item.issue_number,
        item.requirement,
      );
      return { pass: true, note: `runbook ${g.file} is ${g.status}` };
    } catch (e) {
      if (isPtError(e)) return { pass: false, note: e.message };
      throw e;
    }
  };
}

/**
 * Runs `fn` in one transaction of the store with the engine set up: the workspace's workflow, the
 * actor, the governance verdicts. Everything `fn` writes (rows, audit records, artifacts) commits
 * together or not at all. A transaction that moves the plan on (`advances`) first waits for the
 * others that do, so it decides on what they committed. Audit records it left pending (a claim or a
 * completion on a Postgres server) are chained soon after it commits.
 */
export async function inEngine<T>(
  app: App,
  s: WorkStore,
  fn: (e: Engine) => Promise<T>,
  opts: { actor?: string; advances: boolean },
): Promise<T> {
  const wf = workflowOf(app);
  const panel = panelOf(app);
  const actor = opts.actor ?? actorOf(app.ws.root);
  const result = await s.x.db.transaction().execute(async (tx) => {
    if (opts.advances) await lockPlan(tx, s.planKey);
    return fn({ x: { ...s.x, db: tx }, planKey: s.planKey, wf, actor, panel });
  });
  await sealCommitted(s.x);
  return result;
}
