import { type App, withForge } from '../kernel/index.js';

export interface IssueStateResult {
  issue: number;
  state: 'open' | 'closed';
  stateReason: string | null;
}

/**
 * `issue close` and `issue reopen`: closes (as completed or not planned) or reopens an issue, on any
 * forge. The forge is open for the call and closed before it returns.
 */
export async function setIssueState(
  app: App,
  n: number,
  to: { state: 'open' } | { state: 'closed'; notPlanned?: boolean },
): Promise<IssueStateResult> {
  const i = await withForge(app, (forge) =>
    forge.updateIssue(
      n,
      to.state === 'open'
        ? { state: 'open' }
        : { state: 'closed', stateReason: to.notPlanned ? 'not_planned' : 'completed' },
    ),
  );
  return { issue: i.number, state: i.state, stateReason: i.stateReason };
}
