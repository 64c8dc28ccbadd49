import { PtError } from '../../../base/index.js';
import { markerOf } from '../../../domain/plan/index.js';
import type { ForgeIssue, ForgePort } from '../../../ports/forge/index.js';

export interface NextResult {
  issue: ForgeIssue | null;
  key: string | null;
  /** Open requirement issues that wait, with what they wait for. */
  blocked: { number: number; title: string; waitingFor: number[] }[];
  /** The spec's tracking issue, which nothing closes by itself (GitHub does not close a parent either). */
  tracking: { number: number; state: ForgeIssue['state'] } | null;
}

/**
 * What `next` reads of the forge, and all it reads: the snapshot `next` answers from holds the
 * answers to these reads (next-snapshot.ts), so reading anything else must be added there too.
 */
export type NextReads = Pick<ForgePort, 'repo' | 'listIssues' | 'listBlockedBy'>;

/**
 * The first available issue: an open requirement issue of the spec whose blockers are all closed.
 * Ties go to the lowest issue number, which is the order of the requirements in the spec. A spec
 * with no issue on the forge was never planned there, and is refused as such.
 */
export async function findNextIssue(forge: NextReads, specId: string): Promise<NextResult> {
  const all = await forge.listIssues({ label: `spec:${specId}` });
  const t = all.find((i) => i.labels.includes('tracking') && markerOf(i.body));
  const tracking = t ? { number: t.number, state: t.state } : null;
  const issues = all.filter((i) => !i.labels.includes('tracking') && markerOf(i.body));
  // With no issue at all, "every issue is closed" would be true and misleading.
  if (!t && !issues.length)
    throw new PtError(
      'plan/not-planned',
      `${specId} has not been planned in ${forge.repo}: it has no issues there`,
      {
        hint: 'Run "papertrail plan" to create its issues, then papertrail next.',
        exit: 3,
      },
    );
  const state = new Map(issues.map((i) => [i.number, i.state]));
  const blocked: NextResult['blocked'] = [];
  for (const i of issues.sort((a, b) => a.number - b.number)) {
    if (i.state !== 'open') continue;
    // A blocker outside the spec's issues counts by its own state; an unknown one blocks.
    const waitingFor = (await forge.listBlockedBy(i.number)).filter((b) => state.get(b) !== 'closed');
    if (waitingFor.length === 0) return { issue: i, key: markerOf(i.body), blocked, tracking };
    blocked.push({ number: i.number, title: i.title, waitingFor });
  }
  return { issue: null, key: null, blocked, tracking };
}

/** Why no issue is next, and what to do: every open one waits, or all are closed. */
export function nothingNext(r: NextResult, specId: string): string {
  if (r.blocked.length)
    return `Nothing is ready. Waiting: ${r.blocked.map((b) => `#${b.number} on ${b.waitingFor.map((w) => `#${w}`).join(', ')}`).join('; ')}`;
  const close =
    r.tracking?.state === 'open'
      ? ` papertrail sync here closes the tracking issue #${r.tracking.number} (and records it in the spec when papertrail.yaml names the decisions workspace).`
      : '';
  return `Every requirement issue is closed.${close} In the decisions workspace, papertrail sync ${specId} --dir PATH records it in the spec.`;
}
