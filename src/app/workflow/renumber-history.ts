// When and where a document came into the workspace, from git: what `renumber` needs to tell which of
// two documents that share a number is the older, and which of them another document was written against.
import { relative } from 'node:path';
import type { Doc } from '../../domain/docs/index.js';
import { Git } from '../../ports/git/index.js';

export interface Origin {
  /** Commit time (seconds) of the commit that first added the file, following renames. */
  time: number | null;
  /** That commit, or null when the file is not committed (or there is no repository). */
  commit: string | null;
}

export interface History {
  origin(doc: Doc): Origin;
  /** Whether `commit` is `of` or one of its ancestors. */
  contains(of: string, commit: string): boolean;
}

const NONE: Origin = { time: null, commit: null };

export function gitHistory(root: string): History {
  const git = new Git(root);
  // Asked only when a duplicate needs it: a workspace with unique numbers runs no git at all.
  let usable: boolean | undefined;
  const origins = new Map<string, Origin>();
  const ancestry = new Map<string, boolean>();
  return {
    origin(doc) {
      usable ??= git.isRepo() && git.hasCommits();
      if (!usable) return NONE;
      let o = origins.get(doc.path);
      if (!o) {
        // Newest first; the last line is the commit that created the file under its first name.
        const lines = git
          .run(['log', '--diff-filter=A', '--follow', '--format=%H %ct', '--', relative(root, doc.path)], {
            allowFail: true,
          })
          .split('\n')
          .filter(Boolean);
        const [commit, time] = (lines[lines.length - 1] ?? '').split(' ');
        o = commit ? { commit, time: Number(time) } : NONE;
        origins.set(doc.path, o);
      }
      return o;
    },
    contains(of, commit) {
      if (of === commit) return true;
      const key = `${of} ${commit}`;
      let yes = ancestry.get(key);
      if (yes === undefined) {
        yes = git.run(['merge-base', commit, of], { allowFail: true }) === commit;
        ancestry.set(key, yes);
      }
      return yes;
    },
  };
}
