// Merging a pull request on the local forge as GitHub would (a merge commit, then the issues its body
// and commits resolve are closed): what `pr merge` does, and what the execution engine's integrate
// step does for a work item. On GitHub the merge is GitHub's; this refuses there and says how.
import { isPtError, PtError } from '../../../base/index.js';
import type { ForgePort, ForgePullRequest } from '../../../ports/forge/index.js';
import { Git } from '../../../ports/git/index.js';
import type { App } from '../context.js';
import { withMergeLock } from '../merge-lock.js';
import { loadImplementingSpec } from './spec.js';

/** GitHub's closing keywords: "Resolves #2", "fixes: #3", "Closed #4". */
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+#(\d+)\b/gi;

export function resolvedIssues(texts: string[]): number[] {
  const found = new Set<number>();
  for (const t of texts) for (const m of t.matchAll(CLOSING)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

export async function openPull(forge: ForgePort, n: number): Promise<ForgePullRequest> {
  const pr = (await forge.listPullRequests()).find((p) => p.number === n);
  if (!pr)
    throw new PtError('pr/not-found', `${forge.repo} has no pull request #${n}`, {
      hint: 'papertrail trace SPEC-NNNN lists the pull requests of each requirement.',
      exit: 3,
    });
  if (pr.state === 'closed')
    throw new PtError('pr/closed', `Pull request #${n} is already ${pr.merged ? 'merged' : 'closed'}`, {
      hint: "papertrail trace SPEC-NNNN shows each requirement's pull requests and their state.",
      exit: 3,
    });
  return pr;
}

export function notHere(forge: ForgePort, what: string, gh: string): PtError {
  return new PtError('pr/not-local', `Pull requests on ${forge.repo} (${forge.kind}) are ${what} there`, {
    hint: `${gh}; then papertrail next`,
    exit: 2,
  });
}

export interface PrMergeResult {
  pullRequest: number;
  head: string;
  base: string;
  /** The merge commit; null on a dry run. */
  commit: string | null;
  /** Issues the pull request resolves that were (or would be) closed. */
  closed: number[];
  /** Resolved issues that were closed already, or that the forge does not have. */
  skipped: { number: number; why: 'closed' | 'not-found' }[];
  dryRun: boolean;
}

/** prMerge on a forge that is already open. */
export async function mergePull(
  app: App,
  forge: ForgePort,
  n: number,
  opts: { dryRun?: boolean } = {},
): Promise<PrMergeResult> {
  if (forge.review !== 'papertrail')
    throw notHere(forge, 'merged', `gh pr merge ${n} (GitHub closes the issues it resolves)`);
  // A dry run moves nothing, so it does not wait for a merge in progress.
  if (opts.dryRun) return mergeLocal(app, forge, n, true);
  return withMergeLock(app, () => mergeLocal(app, forge, n, false));
}

/**
 * The merge itself, with the checkout moved to the base and back: under the merge lock, or it would
 * race another merge's checkout in the same repository.
 */
async function mergeLocal(app: App, forge: ForgePort, n: number, dryRun: boolean): Promise<PrMergeResult> {
  const pr = await openPull(forge, n);
  if (pr.draft)
    throw new PtError('pr/draft', `Pull request #${n} is a draft`, {
      hint: `Mark it ready for review first: papertrail pr ready ${n}`,
      exit: 3,
    });
  const git = new Git(app.ws.root);
  for (const b of [pr.head, pr.base])
    if (!git.branchExists(b))
      throw new PtError('pr/no-branch', `Branch ${b} of pull request #${n} is not in ${app.ws.root}`, {
        hint: `Fetch or recreate ${b} in this repository, then merge again.`,
        exit: 3,
      });
  if (!git.isClean())
    throw new PtError('pr/dirty', `${app.ws.root} has uncommitted changes`, {
      hint: 'Commit or stash them, then merge again.',
      exit: 3,
    });

  // A merge made in git but not recorded on the forge (a crash in between) is found, not made again:
  // after it the base may have moved on, so HEAD is not the merge commit. Its commits are then the
  // ones the merge brought in (after a fast-forward by hand, only the body tells).
  const already = git.mergedInto(pr.head, pr.base);
  // A head the base has without a merge commit for it was fast-forwarded by hand, or never had a commit
  // of its own (a branch made and left empty). Merging the second would close issues with nothing done.
  if (already?.fastForward && !carriesResolution(git, pr, n))
    throw new PtError(
      'pr/empty',
      `Pull request #${n} brings no commits: ${pr.head} has nothing ${pr.base} lacks`,
      {
        hint: emptyHint(pr, n),
        exit: 3,
      },
    );
  const range = !already
    ? `${pr.base}..${pr.head}`
    : already.fastForward
      ? null
      : `${already.commit}^1..${pr.head}`;
  const wanted = resolvedIssues([pr.body, ...(range ? git.messages(range) : [])]).filter((i) => i !== n);
  // The plan's issues carry the spec's label; an issue made by hand is closed without a look first.
  const states = new Map<number, string>();
  const label = specLabel(app);
  if (label) for (const i of await forge.listIssues({ label })) states.set(i.number, i.state);
  const result: PrMergeResult = {
    pullRequest: n,
    head: pr.head,
    base: pr.base,
    commit: null,
    closed: [],
    skipped: [],
    dryRun,
  };
  for (const i of wanted) {
    if (states.get(i) === 'closed') result.skipped.push({ number: i, why: 'closed' });
    else result.closed.push(i);
  }
  if (dryRun) return result;

  let commit = already?.commit ?? null;
  if (!commit) {
    const back = git.currentBranch();
    if (back !== pr.base) git.checkout(pr.base);
    try {
      commit = git.mergeNoFastForward(pr.head, `Merge pull request #${n} from ${pr.head}\n\n${pr.title}\n`);
    } finally {
      if (back !== pr.base) git.checkout(back);
    }
  }
  if (!commit)
    throw new PtError('pr/merge-conflict', `${pr.head} does not merge cleanly into ${pr.base}`, {
      hint: `Merge ${pr.base} into ${pr.head}, resolve the conflicts there and commit, then merge again. Nothing was changed.`,
      exit: 3,
    });
  result.commit = commit;
  const record = async () => {
    await forge.recordMerge(n);
    for (const i of [...result.closed]) {
      try {
        await forge.updateIssue(i, { state: 'closed', stateReason: 'completed' });
        await forge.comment(i, `Closed by #${n} (merge ${commit.slice(0, 7)} into ${pr.base}).`);
      } catch (e) {
        if (!(e instanceof PtError && e.code === 'forge/not-found')) throw e;
        result.closed.splice(result.closed.indexOf(i), 1);
        result.skipped.push({ number: i, why: 'not-found' });
      }
    }
  };
  await forge.batch(record);
  return result;
}

function specLabel(app: App): string | null {
  try {
    return `spec:${loadImplementingSpec(app).spec.id}`;
  } catch (e) {
    if (!isPtError(e)) throw e;
    return null;
  }
}

/**
 * Whether the history of the PR's head has a commit that resolves an issue the PR's body resolves: what
 * a branch made by implement carries from its first commit on, and what an empty branch lacks.
 */
function carriesResolution(git: Git, pr: ForgePullRequest, n: number): boolean {
  const issues = resolvedIssues([pr.body]).filter((i) => i !== n);
  if (!issues.length) return false;
  // git narrows the history down; CLOSING has the last word on what counts as resolving.
  const grep = issues.flatMap((i) => [
    '--grep',
    `(close[sd]?|fix(e[sd])?|resolve[sd]?):?[[:space:]]+#${i}([^0-9]|$)`,
  ]);
  const found = git
    .run(['log', '-i', '-E', '--format=%B%x00', '-n', '50', ...grep, '--end-of-options', pr.head])
    .split('\0');
  return resolvedIssues(found).some((i) => issues.includes(i));
}

function emptyHint(pr: ForgePullRequest, n: number): string {
  const issue = resolvedIssues([pr.body]).find((i) => i !== n);
  const restore = issue
    ? `papertrail implement ${issue} adds its "Resolves #${issue}" commit to ${pr.head}`
    : `Commit the work on ${pr.head}`;
  return `${restore}, then merge again. Nothing was changed.`;
}
