// The git ledger: a branch of a git remote whose files are the executors' record. Every command
// works in a fresh shallow clone of that branch of its own (under the workspace's .papertrail/, never
// the user's checkout), and every write is a commit pushed there: the remote accepts a push only on
// top of the tip the writer read (a fast-forward), so a refused push means someone else wrote first,
// and the writer reads again and decides again. That is the compare-and-swap a claim needs.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { insideWorkspace, PtError, writeFileAtomic } from '../../base/index.js';
import { gitOk, gitRun, hideUserInfo } from './git-run.js';

export interface LedgerTarget {
  /** The remote's URL or path. */
  url: string;
  branch: string;
  /** Where the temporary clones go (each command makes its own and removes it). */
  workRoot: string;
  /**
   * Git settings the clone needs to reach the remote, as the user's repository has them (the
   * credentials actions/checkout leaves as an http extraheader, url rewrites): set in the clone's own
   * config, never on a command line, where other processes could read them.
   */
  config?: readonly (readonly [string, string])[];
}

/** What a writer reads: the branch's files as of the tip it will commit on. */
export interface LedgerView {
  read(path: string): string | null;
  has(path: string): boolean;
  /** The names of the files directly in `dir`, sorted; none when it does not exist. */
  list(dir: string): string[];
  /** Whether the branch exists yet (it is made by the first write). */
  exists: boolean;
}

export interface LedgerChange {
  files: { path: string; content: string }[];
  message: string;
}

export interface Transacted<T> {
  result: T;
  /** The commit pushed, or null when the writer had nothing to write. */
  commit: string | null;
  /** How many times it read and decided (1 when its first push went through). */
  tries: number;
}

/** A refused push that means another writer got there first; anything else is a real failure. */
const LOST_RACE =
  /\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref|incorrect old value|stale info/i;
const MISSING_REF = /couldn't find remote ref|could not find remote ref/i;
const MAX_TRIES = 200;
const IDENTITY = ['-c', 'user.name=Papertrail', '-c', 'user.email=papertrail@localhost'];

export class GitLedger implements LedgerView {
  exists = false;
  /** The remote tip this clone stands on (null while the branch does not exist). */
  private tip: string | null = null;
  private constructor(
    readonly target: LedgerTarget,
    readonly dir: string,
  ) {}

  /** A fresh clone of the ledger branch; a branch not made yet reads as empty. */
  static async open(target: LedgerTarget): Promise<GitLedger> {
    mkdirSync(target.workRoot, { recursive: true });
    const dir = join(target.workRoot, `work-${process.pid}-${randomBytes(6).toString('hex')}`);
    const l = new GitLedger(target, dir);
    try {
      await gitOk(target.workRoot, ['init', '-q', '-b', target.branch, dir]);
      for (const [key, value] of target.config ?? []) await gitOk(dir, ['config', '--add', key, value]);
      await l.refresh();
      return l;
    } catch (e) {
      await l.close();
      throw e;
    }
  }

  /** Reads the remote's tip again and puts the clone on it, dropping anything not pushed. */
  async refresh(): Promise<void> {
    const { url, branch } = this.target;
    const f = await gitRun(this.dir, [
      'fetch',
      '-q',
      '--no-tags',
      '--depth=1',
      url,
      `+refs/heads/${branch}:refs/remotes/ledger/tip`,
    ]);
    if (f.code !== 0 && MISSING_REF.test(f.stderr)) {
      this.exists = false;
      this.tip = null;
      // Not made yet: start again from an empty branch, so a retry after a lost first push reads clean.
      await gitOk(this.dir, ['checkout', '-q', '--orphan', `pt-empty-${randomBytes(4).toString('hex')}`]);
      await gitRun(this.dir, ['rm', '-rfq', '--ignore-unmatch', '.']);
      await gitRun(this.dir, ['clean', '-fdq']);
      return;
    }
    if (f.code !== 0)
      throw new PtError(
        'ledger/unreachable',
        `Could not read the ledger branch ${branch} from ${hideUserInfo(url)}: ${hideUserInfo(f.stderr.trim().split('\n')[0] ?? '')}`,
        {
          hint: 'Check execution.ledger.remote in papertrail.yaml (a remote of this repository or a URL), the network and the credentials.',
          exit: 4,
        },
      );
    this.exists = true;
    // What fetch wrote down, read without another git process.
    this.tip = readFileSync(join(this.dir, '.git', 'FETCH_HEAD'), 'utf8').slice(0, 40);
    // Every file this clone writes is committed, so moving the branch leaves nothing of its own behind.
    await gitOk(this.dir, ['checkout', '-q', '-f', '-B', branch, 'refs/remotes/ledger/tip']);
  }

  private abs(path: string): string {
    const abs = join(this.dir, path);
    insideWorkspace({ root: this.dir }, abs, path);
    return abs;
  }

  read(path: string): string | null {
    const abs = this.abs(path);
    return existsSync(abs) ? readFileSync(abs, 'utf8') : null;
  }

  has(path: string): boolean {
    return existsSync(this.abs(path));
  }

  list(dir: string): string[] {
    const abs = this.abs(dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  }

  /**
   * Reads, decides and writes until the write lands: `decide` sees the tip and returns the files to
   * commit (or null: nothing to write), or throws to refuse. When the push is refused because another
   * writer pushed first, the clone is put on the new tip and `decide` runs again on what is there now.
   */
  async transact<T>(
    decide: (v: LedgerView) => { change: LedgerChange | null; result: T },
  ): Promise<Transacted<T>> {
    for (let tries = 1; ; tries++) {
      const { change, result } = decide(this);
      if (!change || change.files.length === 0) return { result, commit: null, tries };
      await this.commit(change);
      // A push that is going to be refused still uploads its objects first, and the remote keeps them:
      // asking for the tip costs less, so a writer that already lost does not push. Asked right
      // before the push, to leave others the least time to push in between.
      const now = await this.remoteTip();
      const lost = now !== undefined && now !== this.tip;
      const p = lost
        ? { code: 1, stderr: '[rejected] (fetch first)' }
        : await gitRun(this.dir, ['push', '-q', this.target.url, `HEAD:refs/heads/${this.target.branch}`]);
      if (p.code === 0) return { result, commit: await gitOk(this.dir, ['rev-parse', 'HEAD']), tries };
      if (!LOST_RACE.test(p.stderr))
        throw new PtError(
          'ledger/push-failed',
          `Could not push to the ledger branch ${this.target.branch}: ${hideUserInfo(p.stderr.trim().split('\n').pop() ?? '')}`,
          {
            hint: 'Check that the credentials may push to the ledger branch and that no branch protection refuses it.',
            exit: 4,
          },
        );
      if (tries >= MAX_TRIES)
        throw new PtError('ledger/contended', `Gave up after ${tries} refused pushes to the ledger`, {
          hint: 'Too many writers at once: run the command again, or use --ledger-out and one collector.',
          exit: 4,
        });
      // Others are pushing right now: wait a little, more after each loss, so the writers spread out.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 20 * tries)));
      await this.refresh();
    }
  }

  /** The branch's tip on the remote now; undefined when it cannot be read (the push then says why). */
  private async remoteTip(): Promise<string | null | undefined> {
    const r = await gitRun(this.dir, ['ls-remote', this.target.url, `refs/heads/${this.target.branch}`]);
    if (r.code !== 0) return undefined;
    return r.stdout.trim().split(/\s/)[0] || null;
  }

  private async commit(change: LedgerChange): Promise<void> {
    for (const f of change.files) {
      const abs = this.abs(f.path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileAtomic(abs, f.content);
    }
    await gitOk(this.dir, ['add', '--', ...change.files.map((f) => f.path)]);
    await gitOk(this.dir, [
      ...IDENTITY,
      '-c',
      'commit.gpgsign=false',
      'commit',
      '-q',
      '--no-verify',
      '-m',
      change.message,
    ]);
  }

  /** Removes the temporary clone. */
  async close(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
