import { loadImplementingSpec } from '../../kernel/implementing/index.js';
import type { App } from '../../kernel/index.js';
import { type NextResult, nothingNext } from './next.js';
import { findNextKept } from './next-snapshot.js';

export interface NextIssueResult {
  /** The issue to implement, or null when every open one waits or all are closed. */
  next: { number: number; title: string; key: string | null } | null;
  blocked: NextResult['blocked'];
  tracking: NextResult['tracking'];
  /** When next is null: why, and what to do. */
  hint?: string;
}

/** `next`: the first open issue of the implementing repository's spec whose blockers are all closed. */
export async function nextIssue(app: App): Promise<NextIssueResult> {
  const s = loadImplementingSpec(app);
  const r = await findNextKept(app, s.spec.id);
  return {
    next: r.issue ? { number: r.issue.number, title: r.issue.title, key: r.key } : null,
    blocked: r.blocked,
    tracking: r.tracking,
    ...(r.issue ? {} : { hint: nothingNext(r, s.spec.id) }),
  };
}
