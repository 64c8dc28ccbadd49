// The CI-checks gate: whether the checks of a pull request's head let the work item pass. Pure, so
// the engine, the CLI and tests decide the same way from the same list of checks, whichever forge
// reported them (GitHub's check runs and commit statuses, or commands run on the local forge).

/** What the rule reads of a check; the forge port's ForgeCheck has these fields. */
export interface CiCheck {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
}

export type CiGateVerdict = 'pending' | 'pass' | 'fail';

export interface CiGateStatus {
  status: CiGateVerdict;
  /** One line per check that decided the verdict, in name order. */
  reasons: string[];
}

/** Conclusions that pass, as GitHub counts them for a required check. */
const PASSING = new Set(['success', 'neutral', 'skipped']);

/**
 * The gate's status for `checks`:
 * - fail as soon as any completed check did not pass (failure, cancelled, timed_out, action_required,
 *   a commit status's error, or a conclusion this rule does not know), required or not;
 * - otherwise pending while a required check has not reported, or any check that counts is queued or
 *   running, or no check has reported at all;
 * - otherwise pass.
 * Without `required` (or with an empty list) every check present counts; with it, only those named
 * must pass, and others only count when they fail. A name that appears more than once (a check run
 * and a commit status of the same name) counts each time.
 */
export function ciGateStatus(
  checks: readonly CiCheck[],
  opts: { required?: readonly string[] } = {},
): CiGateStatus {
  const sorted = [...checks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const failed = sorted.filter((c) => c.status === 'completed' && !PASSING.has(c.conclusion ?? ''));
  if (failed.length > 0)
    return { status: 'fail', reasons: failed.map((c) => `${c.name}: ${c.conclusion ?? 'no conclusion'}`) };

  const required = opts.required?.length ? [...new Set(opts.required)].sort() : null;
  const counted = required ? sorted.filter((c) => required.includes(c.name)) : sorted;
  const waiting: string[] = [];
  if (required) {
    const present = new Set(counted.map((c) => c.name));
    for (const name of required) if (!present.has(name)) waiting.push(`${name}: not reported yet`);
  } else if (counted.length === 0) {
    waiting.push('no check has reported yet');
  }
  for (const c of counted) if (c.status !== 'completed') waiting.push(`${c.name}: ${c.status}`);
  if (waiting.length > 0) return { status: 'pending', reasons: waiting.sort() };
  return { status: 'pass', reasons: counted.map((c) => `${c.name}: ${c.conclusion}`) };
}
