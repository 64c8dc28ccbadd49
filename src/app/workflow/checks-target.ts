// Which ref a check is about: a pull request's head branch (`--pr N`), or a branch or commit named
// outright (`--ref`). Shared by `checks run` and `checks list`.
import { PtError } from '../../base/index.js';
import type { ForgePort } from '../../ports/forge/index.js';

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
