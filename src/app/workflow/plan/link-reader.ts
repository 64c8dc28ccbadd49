// The links a plan finds on the forge: read all at once where the forge can, else issue by issue, each
// issue once. The first read of a link kind the forge lacks (GitHub Enterprise Server) is how that is
// found out; from then on that kind is neither read nor written, and the report says so.
import { PtError } from '../../../base/index.js';
import type { ForgeIssue, ForgeLinks, ForgePort } from '../../../ports/forge/index.js';

const unsupported = (e: unknown) => e instanceof PtError && e.code === 'forge/unsupported';

/** An issue the forge has: not a dry run's placeholder (numbered below 1), not a missing one. */
export const real = (i: ForgeIssue | null | undefined): ForgeIssue | null => (i && i.number > 0 ? i : null);

export class LinkReader {
  /** The forge has no sub-issues: parents carry a task list instead. */
  noSubIssues = false;
  /** The forge has no issue dependencies: no "blocked by" links are read or written. */
  noDependencies = false;
  private readonly subs = new Map<number, Set<number>>();

  constructor(
    private readonly forge: ForgePort,
    /** Every link, where the forge reads them in one go; null: read each issue's. */
    private readonly all: ForgeLinks | null,
    /** Where a missing link kind is recorded (the plan report's `unsupported`). */
    private readonly lacking: ('sub-issues' | 'dependencies')[],
  ) {}

  /** The sub-issues of `parent`, read once; none for an issue not created yet. */
  async subIssuesOf(parent: ForgeIssue): Promise<Set<number>> {
    let have = this.subs.get(parent.number);
    if (have) return have;
    let list: number[] = [];
    if (parent.number > 0 && !this.noSubIssues) {
      try {
        list = this.all
          ? (this.all.subIssues.get(parent.number) ?? [])
          : await this.forge.listSubIssues(parent.number);
      } catch (e) {
        if (!unsupported(e)) throw e;
        this.noSubIssues = true;
        this.lacking.push('sub-issues');
      }
    }
    have = new Set(list);
    this.subs.set(parent.number, have);
    return have;
  }

  /**
   * The issues that block `issue`. Nothing to read for an issue not created yet, or (unless the plan
   * `declared` blockers for it) for one the forge says nothing blocks.
   */
  async blockersOf(issue: ForgeIssue, declared: boolean): Promise<Set<number>> {
    if (!real(issue) || this.noDependencies) return new Set();
    if (this.all) return new Set(this.all.blockedBy.get(issue.number) ?? []);
    if (!declared && issue.blockedByCount === 0) return new Set();
    try {
      return new Set(await this.forge.listBlockedBy(issue.number));
    } catch (e) {
      if (!unsupported(e)) throw e;
      this.noDependencies = true;
      this.lacking.push('dependencies');
      return new Set();
    }
  }
}
