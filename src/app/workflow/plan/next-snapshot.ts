// `next` without the store: the forge's answers to what `findNextIssue` reads, kept by the last
// `next` that read them from the embedded store it owned (kernel/forge.ts, ports/forge/local-snapshot.ts).
// Replaying them runs the same function on the same answers, so it finds what reading the store
// would, as long as no write came between, and every write of issues, labels or links removes them.
import type { ForgeReads } from '../../../ports/forge/index.js';
import { type App, keptForgeReads, withForge } from '../../kernel/index.js';
import { findNextIssue, type NextReads, type NextResult } from './next.js';

/** A read the kept answers do not hold (another spec's label): the store is read instead. */
class NotKept extends Error {}

/** The kept answers as a forge; each answer is a copy, so nothing the caller does changes them. */
export function replayReads(repo: string, reads: ForgeReads): NextReads {
  return {
    repo,
    async listIssues(q) {
      const issues = Object.hasOwn(reads.issues, q.label) ? reads.issues[q.label] : undefined;
      if (!issues) throw new NotKept();
      return issues.map((i) => ({ ...i, labels: [...i.labels] }));
    },
    async listBlockedBy(n) {
      const blockers = Object.hasOwn(reads.blockedBy, n) ? reads.blockedBy[n] : undefined;
      if (!blockers) throw new NotKept();
      return [...blockers];
    },
  };
}

/** `forge`, noting each answer it gives (copied before the caller sees it). */
export function recordReads(forge: NextReads): { forge: NextReads; reads: ForgeReads } {
  const reads: ForgeReads = { issues: {}, blockedBy: {} };
  return {
    reads,
    forge: {
      repo: forge.repo,
      async listIssues(q) {
        const issues = await forge.listIssues(q);
        reads.issues[q.label] = issues.map((i) => ({ ...i, labels: [...i.labels] }));
        return issues;
      },
      async listBlockedBy(n) {
        const blockers = await forge.listBlockedBy(n);
        reads.blockedBy[n] = [...blockers];
        return blockers;
      },
    },
  };
}

/** Replays kept reads; null when they do not hold one of the reads `findNextIssue` makes. */
export async function nextFromReads(
  repo: string,
  reads: ForgeReads,
  specId: string,
): Promise<NextResult | null> {
  try {
    return await findNextIssue(replayReads(repo, reads), specId);
  } catch (e) {
    if (e instanceof NotKept) return null;
    throw e;
  }
}

/** `findNextIssue` on the workspace's forge, from the kept reads when they hold the answer. */
export async function findNextKept(app: App, specId: string): Promise<NextResult> {
  const kept = keptForgeReads(app);
  const r = kept && (await nextFromReads(kept.repo, kept.reads, specId));
  if (r) return r;
  return withForge(app, async (forge, opened) => {
    if (!opened.keep) return findNextIssue(forge, specId);
    const rec = recordReads(forge);
    const found = await findNextIssue(rec.forge, specId);
    // Kept before the store is closed: while this process owns it, no write can come between.
    opened.keep(rec.reads);
    return found;
  });
}
