import type { ForgePort } from '../../ports/forge/index.js';

export interface IssueStateResult {
  issue: number;
  state: 'open' | 'closed';
  stateReason: string | null;
}

/** Closes (as completed or not planned) or reopens an issue, on any forge. */
export async function setIssueState(
  forge: ForgePort,
  n: number,
  to: { state: 'open' } | { state: 'closed'; notPlanned?: boolean },
): Promise<IssueStateResult> {
  const i = await forge.updateIssue(
    n,
    to.state === 'open'
      ? { state: 'open' }
      : { state: 'closed', stateReason: to.notPlanned ? 'not_planned' : 'completed' },
  );
  return { issue: i.number, state: i.state, stateReason: i.stateReason };
}
