import {
  attemptRejected,
  byRunOrder,
  gateApproved,
  gateRejected,
  type HandoffArtifact,
  rewind,
  type Step,
} from '../../domain/execution/index.js';
import {
  type Attempt,
  decideGate,
  type GateReview,
  markRework,
  type WorkItem,
} from '../../ports/store/index.js';
import type { Engine } from './advance.js';
import { handoffContext, keepArtifact } from './handoff-context.js';
import { nextStepAfter } from './handoff-info.js';
import type { ItemView } from './states.js';

export interface GateDecisionInput {
  item: WorkItem;
  view: ItemView;
  step: Step;
  attempt: Attempt;
  review: GateReview;
  decision: 'approve' | 'reject';
  reasons: string[];
  reviewer: string;
  /** On a rejection: the step the item goes back to. */
  reentry: string | null;
}

export interface GateApplied {
  /** False when the gate was decided meanwhile: nothing was written. */
  decided: boolean;
  rework: string[];
  artifacts: HandoffArtifact[];
}

/** The steps a rejection back to `reentry` makes to be done again: completed ones from there on. */
export function reworkOf(e: Engine, view: ItemView, reentry: string): string[] {
  const keys = [...e.wf.steps].sort(byRunOrder).map((st) => st.key);
  const after = rewind(e.wf, view.steps, reentry);
  return keys.filter((k) => after[k] === 'pending' && view.latest.get(k)?.status === 'completed');
}

/**
 * Records a decision on an open gate, whoever made it (a person, or the CI rule on the checks): the
 * review row and its audit record, the handoff artifacts, and on a rejection the rework. The caller
 * advances the item afterwards.
 */
export async function applyGateDecision(e: Engine, d: GateDecisionInput): Promise<GateApplied> {
  const rework = d.decision === 'reject' ? reworkOf(e, d.view, d.reentry!) : [];
  const decided = await decideGate(e.x, {
    reviewId: d.review.id,
    decision: d.decision,
    reasons: d.reasons,
    reviewer: d.reviewer,
    reentryStepKey: d.reentry,
  });
  if (!decided) return { decided: false, rework: [], artifacts: [] };
  const ctx = handoffContext(d.item, e.wf, d.step.key, d.attempt.id, d.reviewer);
  const out: HandoffArtifact[] = [];
  if (d.decision === 'approve')
    out.push(gateApproved(ctx, d.review.gate_key, d.reasons, nextStepAfter(e.wf, d.step.key)));
  else {
    out.push(
      gateRejected(ctx, d.review.gate_key, d.reasons, d.reentry!),
      attemptRejected(ctx, d.reasons, d.reentry!),
    );
    await markRework(e.x, {
      workItemId: d.item.id,
      stepKeys: rework,
      actor: d.reviewer,
      reason: d.reasons.join('; '),
    });
  }
  for (const a of out) await keepArtifact(e.x, d.item, d.attempt.id, a);
  return { decided: true, rework, artifacts: out };
}
