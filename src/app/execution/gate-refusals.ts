// The refusals of a person's gate decision, one wording for the store and the git ledger, so that a
// script reading the codes and a person reading the hints see the same on either.
import { EXIT, PtError } from '../../base/index.js';
import type { Workflow } from '../../domain/execution/index.js';

const refuse = (code: string, message: string, hint: string) =>
  new PtError(code, message, { hint, exit: EXIT.conflict });

export const GATE_REFUSALS = {
  noItem: (issue: number) =>
    refuse(
      'gate/no-item',
      `#${issue} has no work item`,
      'papertrail work list shows the work items; work schedule makes them.',
    ),
  unknownGate(wf: Workflow, workflowRef: string, gate: string) {
    const all = wf.steps.flatMap((st) => (st.gates ?? []).map((g) => `${g.key} (${st.key})`));
    return refuse(
      'gate/unknown-gate',
      `workflow ${workflowRef} has no gate "${gate}"`,
      all.length ? `Its gates: ${all.join(', ')}.` : 'Its steps have no gates.',
    );
  },
  cancelled: (issue: number) =>
    refuse('gate/cancelled', `#${issue} is cancelled`, 'Its issue was closed; nothing is decided on it.'),
  notOpen: (gate: string, issue: number, step: string) =>
    refuse(
      'gate/not-open',
      `gate ${gate} of #${issue} is not open: step ${step} has no completed attempt waiting for it`,
      'A gate opens when its step completes; papertrail work list shows where the item is.',
    ),
  alreadyDecided: (gate: string, issue: number, status: string) =>
    refuse(
      'gate/already-decided',
      `gate ${gate} of #${issue} is already ${status}`,
      'A gate is decided once per attempt; a rejection sends the item back and the next attempt opens it again.',
    ),
  panelOnly: (gate: string, runbook: string, then: string) =>
    refuse(
      'gate/panel-only',
      `gate ${gate} passes on the governance panel's verdict, not on a person's approval`,
      `Review and accept the runbook: papertrail runbook review ${runbook}, then runbook accept${then}.`,
    ),
  fourEyes: (reviewer: string, issue: number, gate: string) =>
    refuse(
      'gate/four-eyes',
      `${reviewer} did work on #${issue} under review and cannot approve gate ${gate}`,
      'Four eyes: someone other than the executors of the work approves it (--reviewer NAME, or PAPERTRAIL_ACTOR).',
    ),
  badReentry: (reentry: string, step: string, workflowRef: string, keys: readonly string[]) =>
    refuse(
      'gate/bad-reentry',
      `"${reentry}" is not a step at or before ${step} in workflow ${workflowRef}`,
      `Send the item back to one of: ${keys.slice(0, keys.indexOf(step) + 1).join(', ')}.`,
    ),
  pastIntegration: (gate: string, issue: number, reentry: string, why: string) =>
    refuse(
      'gate/past-integration',
      `rejecting gate ${gate} of #${issue} back to ${reentry} would undo its integration${why}`,
      'Revert the merge on the base branch, then reject with --revert (recorded), or choose a re-entry step after integrate.',
    ),
};
