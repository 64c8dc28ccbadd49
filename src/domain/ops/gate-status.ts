import type { GateStatus } from './model.js';

/**
 * A forge check's state as a gate's status: completed with success passes; skipped or neutral is
 * skipped; any other conclusion (failure, cancelled, timed_out, action_required, stale, error) fails;
 * anything not completed (queued, in_progress, waiting, requested) is pending. GitHub's check runs,
 * its workflow runs and the local forge's checks all say their state this way.
 */
export function gateStatusOfCheck(
  status: string | null | undefined,
  conclusion: string | null | undefined,
): GateStatus {
  if (status !== 'completed') return 'pending';
  if (conclusion === 'success') return 'pass';
  if (conclusion === 'skipped' || conclusion === 'neutral') return 'skipped';
  return 'fail';
}
