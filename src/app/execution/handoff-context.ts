import type { HandoffArtifact, HandoffContext, Workflow } from '../../domain/execution/index.js';
import { type ExecDb, storeArtifact, type WorkItem } from '../../ports/store/index.js';

/** The artifact id of a work item: its issue, which is what people call it. */
export const workItemName = (issue: number) => `issue-${issue}`;

/** What every handoff artifact of this item's step and attempt shares. */
export function handoffContext(
  item: WorkItem,
  wf: Workflow,
  stepKey: string,
  attemptId: number,
  actor: string,
): HandoffContext {
  const step = wf.steps.find((s) => s.key === stepKey);
  return {
    workItemId: workItemName(item.issue_number),
    workflow: { name: wf.name, version: wf.version },
    step: { key: stepKey, order: step?.order ?? 1 },
    attemptId: String(attemptId),
    timestamp: new Date().toISOString(),
    actor,
    baselineIntegration: item.status === 'done' ? 'post' : 'pre',
    links: [`${item.plan_key}#${item.issue_number}`, ...(item.branch ? [`branch:${item.branch}`] : [])],
  };
}

/** Keeps the artifact in the store, in the transaction of the change it reports. */
export function keepArtifact(
  x: ExecDb,
  item: WorkItem,
  attemptId: number,
  a: HandoffArtifact,
): Promise<void> {
  return storeArtifact(x, { workItemId: item.id, attemptId, eventType: a.eventType, body: a });
}
