// Review's last steps on the local forge, which has no web page for them: mark a draft PR ready, and
// merge it as GitHub would, so that `next` moves on: once the issues blocking another are closed, that
// one is next. On GitHub the same happens on GitHub itself; these refuse there and say how. The merge
// itself is in the kernel (the execution engine's integrate step merges too).
import type { ForgePort } from '../../ports/forge/index.js';
import { mergePull, notHere, openPull, type PrMergeResult } from '../kernel/implementing/index.js';
import { type App, withForge } from '../kernel/index.js';

export { mergePull, type PrMergeResult, resolvedIssues } from '../kernel/implementing/index.js';

export interface PrReadyResult {
  pullRequest: number;
  /** False when it was not a draft already. */
  changed: boolean;
}

/** `pr ready`: marks a draft pull request ready for review. The forge is open for the call only. */
export function prReady(app: App, n: number): Promise<PrReadyResult> {
  return withForge(app, (forge) => markReady(forge, n));
}

/** prReady on a forge that is already open. */
export async function markReady(forge: ForgePort, n: number): Promise<PrReadyResult> {
  if (forge.review !== 'papertrail') throw notHere(forge, 'marked ready', `gh pr ready ${n}`);
  const pr = await openPull(forge, n);
  if (!pr.draft) return { pullRequest: n, changed: false };
  await forge.markReady(n);
  return { pullRequest: n, changed: true };
}

/**
 * `pr merge`: a merge commit into the base branch, then the issues the pull request resolves closed.
 * The forge is open for the call only (read-only on a dry run).
 */
export function prMerge(app: App, n: number, opts: { dryRun?: boolean } = {}): Promise<PrMergeResult> {
  return withForge(app, (forge) => mergePull(app, forge, n, opts), { readOnly: !!opts.dryRun });
}
