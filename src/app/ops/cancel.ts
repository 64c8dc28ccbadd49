import { EXIT, PtError } from '../../base/index.js';
import { activeDeployOf, isFinished, moveRun } from '../../ports/store/index.js';
import { type App, actorOf, withStore } from '../kernel/index.js';
import { notifyRunChange } from './notify.js';
import { type RunView, resolveRun, runView, shortId } from './view.js';

/**
 * Cancels a run that has not finished. A running run's own process sees it within a second and kills
 * the step it is in; a deploy waiting in its environment's queue leaves it, one in progress refuses.
 */
export async function cancelRun(app: App, req: { run: string; actor?: string }): Promise<RunView> {
  const actor = req.actor ?? actorOf(app.ws.root);
  const view = await withStore(app, async ({ x }) => {
    const run = await resolveRun(x.db, req.run);
    if (isFinished(run.status))
      throw new PtError('ops/finished', `Run ${shortId(run.id)} has finished (${run.status})`, {
        hint: 'Only a waiting, queued or running run can be canceled.',
        exit: EXIT.conflict,
      });
    const deploying = await activeDeployOf(x.db, run.id);
    if (deploying)
      throw new PtError(
        'ops/deploy-in-progress',
        `Run ${shortId(run.id)} is deploying to ${deploying.environment}`,
        {
          hint: "A deploy in progress is not stopped half-way: it ends within its environment's timeoutMinutes, and rolls back if it fails.",
          exit: EXIT.conflict,
        },
      );
    const moved = await moveRun(x, run.id, ['waiting', 'queued', 'running'], 'canceled', {
      actor,
      error: `canceled by ${actor}`,
    });
    return runView(x.db, moved ?? run);
  });
  notifyRunChange({ type: 'status', run: view.id, status: view.status });
  return view;
}
