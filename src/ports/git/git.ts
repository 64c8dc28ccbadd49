// Real git through its CLI: the local forge keeps branches and commits in an ordinary repository
// that any git tool can read. Every call is synchronous and fails with a PtError naming the command.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DEADLINES,
  deadlineMs,
  formatWait,
  insideWorkspace,
  ownTempWriter,
  PtError,
  removeStaleTemp,
  writeFileAtomic,
} from '../../base/index.js';

export interface GitIdentity {
  name: string;
  email: string;
}

/**
 * A branch or revision that came from outside (a flag, a forge record, a file): refused when git could
 * take it for an option. `--` cannot guard these, since after it `checkout` and `merge-base` read paths.
 */
export function checkRev(rev: string, what = 'revision'): string {
  if (!rev || rev.startsWith('-') || /[\s\0-\x1f\x7f]/.test(rev))
    throw new PtError('git/bad-ref', `"${rev}" is not a valid ${what} name`, {
      hint: 'Branch and revision names do not start with "-" and contain no spaces or control characters.',
      exit: 2,
    });
  return rev;
}

/** Used only when the repository and the user have no identity configured (CI, fresh machines). */
const FALLBACK: GitIdentity = { name: 'Papertrail', email: 'papertrail@localhost' };

/** Subcommands that talk to another machine, and so get a deadline: a remote can accept and never answer. */
const NETWORK = new Set(['clone', 'fetch', 'push', 'pull', 'ls-remote']);

/** The subcommand of `args`, past git's own options (`-c name=value`, `-C dir`, `--no-pager`). */
export function subcommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '-C') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

export class Git {
  constructor(readonly dir: string) {}

  run(
    args: string[],
    opts: { input?: string; allowFail?: boolean; env?: Record<string, string> } = {},
  ): string {
    const sub = subcommand(args);
    const timeout = sub && NETWORK.has(sub) ? deadlineMs(DEADLINES.git) : undefined;
    try {
      return execFileSync('git', args, {
        cwd: this.dir,
        encoding: 'utf8',
        input: opts.input,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
        ...(timeout ? { timeout } : {}),
      }).trimEnd();
    } catch (e) {
      if (opts.allowFail) return '';
      const err = e as { stderr?: string; code?: string };
      if (timeout && err.code === 'ETIMEDOUT') {
        const d = DEADLINES.git;
        throw new PtError(
          'git/timeout',
          `git ${sub} did not finish within ${formatWait(timeout)} in ${this.dir}`,
          {
            hint: `Check the network and the remote's URL; if the transfer is only slow, raise ${d.env} (seconds, ${d.defaultSeconds} by default).`,
            exit: 4,
            details: { timeoutMs: timeout, setting: d.env },
            cause: e,
          },
        );
      }
      if (err.code === 'ENOENT') {
        throw new PtError('git/missing', 'git is not installed or not on PATH', {
          hint: 'Install git; Papertrail keeps branches and commits in real git repositories.',
          exit: 4,
        });
      }
      throw new PtError(
        'git/failed',
        `git ${sub ?? args[0]} failed in ${this.dir}: ${(err.stderr ?? String(e)).trim().split('\n')[0]}`,
        {
          hint: `Run git ${sub ?? args[0]} in ${this.dir} yourself to see its whole message.`,
          exit: 4,
          cause: e,
        },
      );
    }
  }

  isRepo(): boolean {
    return (
      existsSync(join(this.dir, '.git')) ||
      this.run(['rev-parse', '--is-inside-work-tree'], { allowFail: true }) === 'true'
    );
  }

  init(defaultBranch = 'main'): void {
    mkdirSync(this.dir, { recursive: true });
    this.run(['init', '-q', '-b', defaultBranch]);
  }

  hasCommits(): boolean {
    return this.run(['rev-parse', '--verify', '-q', 'HEAD'], { allowFail: true }) !== '';
  }

  currentBranch(): string {
    return this.run(['symbolic-ref', '--short', 'HEAD']);
  }

  branchExists(name: string): boolean {
    return (
      this.run(['rev-parse', '--verify', '-q', `refs/heads/${checkRev(name, 'branch')}`], {
        allowFail: true,
      }) !== ''
    );
  }

  /** Creates (or resets, when `reset`) a branch at `from` and checks it out. */
  checkoutNew(name: string, from = 'HEAD'): void {
    this.run(['checkout', '-q', '-B', checkRev(name, 'branch'), checkRev(from)]);
  }

  checkout(name: string): void {
    this.run(['checkout', '-q', checkRev(name, 'branch')]);
  }

  /**
   * No change to commit. Papertrail's own temporary files left by a killed write do not count and
   * are removed; those of a write still running do count.
   */
  isClean(): boolean {
    // Without optional locks, status only reads: it does not refresh and rewrite the index, so a dry
    // run that checks the tree leaves .git as it found it.
    const entries = this.run(['--no-optional-locks', 'status', '--porcelain', '-z', '--untracked-files=all'])
      .split('\0')
      .filter(Boolean);
    if (entries.some((e) => !e.startsWith('?? ') || ownTempWriter(e) === null)) return false;
    if (!entries.length) return true;
    // Status paths are relative to the top of the repository, which `dir` may be below.
    const top = this.run(['rev-parse', '--show-toplevel']);
    return entries.every((e) => removeStaleTemp(join(top, e.slice(3))));
  }

  identity(): GitIdentity {
    const name = this.run(['config', 'user.name'], { allowFail: true });
    const email = this.run(['config', 'user.email'], { allowFail: true });
    return name && email ? { name, email } : FALLBACK;
  }

  /** Options that make a commit with `identity()` whether or not git is configured. */
  private author(): string[] {
    const who = this.identity();
    return ['-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`];
  }

  /**
   * Writes the files (deletes those whose content is null) and commits exactly them; returns the new
   * commit's SHA, or null when nothing changed.
   */
  commitFiles(files: { path: string; content: string | null }[], message: string): string | null {
    // Checked before any is written: a folder of the repository may be a link to somewhere else.
    const targets = files.map((f) => {
      const abs = join(this.dir, f.path);
      insideWorkspace({ root: this.dir }, abs, f.path);
      return abs;
    });
    files.forEach((f, i) => {
      if (f.content === null) return;
      mkdirSync(dirname(targets[i]!), { recursive: true });
      writeFileAtomic(targets[i]!, f.content);
    });
    if (!files.length) return null;
    const gone = files.filter((f) => f.content === null).map((f) => f.path);
    const kept = files.filter((f) => f.content !== null).map((f) => f.path);
    // git rm also removes a folder it leaves empty.
    if (gone.length) this.run(['rm', '-q', '--ignore-unmatch', '--', ...gone]);
    if (kept.length) this.run(['add', '--', ...kept]);
    if (this.run(['diff', '--cached', '--name-only']) === '') return null;
    this.run([...this.author(), 'commit', '-q', '-F', '-'], { input: message });
    return this.run(['rev-parse', 'HEAD']);
  }

  /** A commit with no file change: the first commit of an implementation branch ("Resolves #N"). */
  commitEmpty(message: string): string {
    this.run([...this.author(), 'commit', '-q', '--allow-empty', '-F', '-'], { input: message });
    return this.run(['rev-parse', 'HEAD']);
  }

  /**
   * An empty commit on top of `from`, then `branch` pointed at it in one ref update: created when
   * `create` (refused if it exists by then), else moved only if it still points at `from`. The branch
   * never exists without the commit, whatever moment the process is killed at, and nothing is checked
   * out (an empty commit has the tree its parent has, so a checked-out branch stays consistent).
   */
  commitEmptyOnto(branch: string, from: string, message: string, create: boolean): string {
    checkRev(branch, 'branch');
    const parent = this.run([
      'rev-parse',
      '--verify',
      '-q',
      '--end-of-options',
      `${checkRev(from)}^{commit}`,
    ]);
    const sha = this.run([...this.author(), 'commit-tree', `${parent}^{tree}`, '-p', parent, '-F', '-'], {
      input: message,
    });
    const subject = message.split('\n')[0];
    this.run(['update-ref', '-m', `commit: ${subject}`, `refs/heads/${branch}`, sha, create ? '' : parent]);
    return sha;
  }

  /**
   * A commit of `files` on top of `from`, as the new branch `branch` (refused if it exists), made in
   * a private index: the workspace's checkout, index and current branch are not touched, so a run can
   * open a pull request while someone works in the same repository. The branch never exists without
   * its commit.
   */
  commitFilesOnto(
    branch: string,
    from: string,
    files: readonly { path: string; content: string }[],
    message: string,
  ): string {
    checkRev(branch, 'branch');
    for (const f of files) {
      if (
        !f.path ||
        f.path.startsWith('/') ||
        f.path.split(/[\\/]/).some((s) => s === '..' || s === '.git' || s === '')
      )
        throw new PtError('git/bad-path', `"${f.path}" is not a path inside the repository`, {
          hint: 'Use a relative path such as docs/incidents/report.md.',
          exit: 3,
        });
    }
    const parent = this.run([
      'rev-parse',
      '--verify',
      '-q',
      '--end-of-options',
      `${checkRev(from)}^{commit}`,
    ]);
    const index = join(tmpdir(), `papertrail-index-${process.pid}-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      this.run(['read-tree', parent], { env });
      const lines = files.map((f) => {
        const sha = this.run(['hash-object', '-w', '--stdin'], { input: f.content });
        return `100644 ${sha}\t${f.path}\n`;
      });
      this.run(['update-index', '--add', '--index-info'], { input: lines.join(''), env });
      const tree = this.run(['write-tree'], { env });
      const sha = this.run([...this.author(), 'commit-tree', tree, '-p', parent, '-F', '-'], {
        input: message,
      });
      this.run(['update-ref', '-m', `commit: ${message.split('\n')[0]}`, `refs/heads/${branch}`, sha, '']);
      return sha;
    } finally {
      rmSync(index, { force: true });
    }
  }

  /** The full messages of the commits in `range` (`base..head`), newest first. */
  messages(range: string): string[] {
    return this.run(['log', '--format=%B%x00', checkRev(range), '--'])
      .split('\0')
      .map((m) => m.trim())
      .filter(Boolean);
  }

  /**
   * Merges `branch` into the checked-out branch with a merge commit (GitHub's "Create a merge commit")
   * and returns HEAD. A conflict is aborted, so the tree is as it was, and reported as null.
   */
  mergeNoFastForward(branch: string, message: string): string | null {
    checkRev(branch, 'branch');
    try {
      execFileSync('git', [...this.author(), 'merge', '--no-ff', '-q', '-m', message, branch], {
        cwd: this.dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch {
      this.run(['merge', '--abort'], { allowFail: true });
      return null;
    }
    return this.run(['rev-parse', 'HEAD']);
  }

  /**
   * The commit on `base` that brought `branch` in, when it is already there: the first merge commit
   * whose second parent is the branch's tip, else the tip itself (merged by a fast-forward). Null while
   * the branch is not part of `base`.
   */
  mergedInto(branch: string, base: string): { commit: string; fastForward: boolean } | null {
    checkRev(base, 'branch');
    const tip = this.run(['rev-parse', '--verify', '-q', `${checkRev(branch, 'branch')}^{commit}`], {
      allowFail: true,
    });
    // The tip is in `base` exactly when it is their merge base.
    if (!tip || this.run(['merge-base', tip, base], { allowFail: true }) !== tip) return null;
    const merges = this.run([
      'rev-list',
      '--merges',
      '--ancestry-path',
      '--reverse',
      '--parents',
      `${tip}..${base}`,
      '--',
    ]);
    for (const line of merges.split('\n')) {
      const [commit, , second] = line.split(' ');
      if (commit && second === tip) return { commit, fastForward: false };
    }
    return { commit: tip, fastForward: true };
  }

  /** A file's content at a revision, or null if it does not exist there. */
  show(rev: string, path: string): string | null {
    const object = `${checkRev(rev)}:${path}`;
    try {
      return execFileSync('git', ['show', object, '--'], {
        cwd: this.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return null;
    }
  }
}
