// The CI checks of a pull request, for every use case that needs them (the `checks` verbs and the
// execution engine's CI gate): which ref a check is about, a pull request's head branch (`--pr N`) or
// a branch or commit named outright (`--ref`), and the checks the forge reports there with the gate's
// verdict on them.
import { PtError } from '../../base/index.js';
import { type CiGateStatus, ciGateStatus } from '../../domain/execution/index.js';
import type { ForgeCheck, ForgePort } from '../../ports/forge/index.js';

export interface CheckTarget {
  pr?: number;
  ref?: string;
}

export interface ResolvedTarget {
  /** The pull request, when the target was given as one. */
  pr: number | null;
  ref: string;
}

export async function resolveCheckTarget(forge: ForgePort, t: CheckTarget): Promise<ResolvedTarget> {
  if ((t.pr === undefined) === (t.ref === undefined))
    throw new PtError(
      'checks/no-target',
      'Name either a pull request (--pr N) or a ref (--ref), not both or neither',
      {
        hint: 'papertrail checks list --pr 5, or --ref BRANCH-OR-SHA for a commit without a pull request.',
        exit: 2,
      },
    );
  if (t.ref !== undefined) {
    if (!/^[^\s~^:?*[\\\x00-\x1f\x7f]+$/.test(t.ref) || t.ref.startsWith('-'))
      throw new PtError('checks/bad-ref', `"${t.ref}" is not a branch name or commit`, {
        hint: 'Give a branch (feature/x) or a full commit SHA.',
        exit: 3,
      });
    return { pr: null, ref: t.ref };
  }
  const n = t.pr!;
  const pr = (await forge.listPullRequests()).find((p) => p.number === n);
  if (!pr)
    throw new PtError('checks/no-pr', `${forge.repo} has no pull request #${n}`, {
      hint: 'papertrail trace SPEC-NNNN lists the pull requests of each requirement.',
      exit: 3,
    });
  return { pr: n, ref: pr.head };
}

export interface ChecksListResult {
  pr: number | null;
  ref: string;
  checks: ForgeCheck[];
  gate: CiGateStatus;
}

/** The checks of a pull request's head (or a ref), the latest of each, and the CI gate's verdict. */
export async function listCiChecks(
  forge: ForgePort,
  target: CheckTarget,
  opts: { required?: string[] } = {},
): Promise<ChecksListResult> {
  const { pr, ref } = await resolveCheckTarget(forge, target);
  const checks = await forge.listChecks(ref);
  return { pr, ref, checks, gate: ciGateStatus(checks, opts.required ? { required: opts.required } : {}) };
}
