// The local forge: issues, labels, links and pull requests in the store, numbered like GitHub's, for
// a repository whose branches and commits live in real git. Same port, same rules as GitHub.
import { type Kysely, sql } from 'kysely';
import { PtError } from '../../base/index.js';
import { type Database, type ForgePr, lockRepoWrites, nextNumber } from '../store/index.js';
import {
  type FinishedCheck,
  finishCheck,
  latestChecks,
  type StartedCheck,
  startCheck,
} from './local-checks.js';
import { PendingWrites } from './local-pending.js';
import { dropSnapshot } from './local-snapshot.js';
import type {
  BranchCommit,
  BranchCommitResult,
  ForgeCheck,
  ForgeIssue,
  ForgeLabel,
  ForgeLinks,
  ForgeMerge,
  ForgePort,
  ForgePullRequest,
  ForgeSecurityAlert,
  IssuePatch,
  NewPullRequest,
} from './port.js';
import { notOnThisForge } from './unsupported.js';

type Db = Kysely<Database>;

export class LocalForge implements ForgePort {
  readonly kind = 'local' as const;
  /** Branches and merges are made with git in the workspace; the store records the pull requests. */
  readonly branches = 'workspace' as const;
  readonly review = 'papertrail' as const;

  /** Where queries go: the store, or the transaction of the batch being run. */
  private q: Db;
  private readonly labelIds = new Map<string, number>();
  /** Sub-issue counts per parent seen in this batch (GitHub allows 100). */
  private readonly childCounts = new Map<number, number>();
  /** Inside a batch: issues and links gathered to be written together (see local-pending.ts). */
  private pending: PendingWrites | null = null;

  private constructor(
    private readonly db: Db,
    readonly repo: string,
    private readonly repoId: number,
    private readonly readOnly = false,
    /** The snapshot of this store's issues for `next` (local-snapshot.ts), removed before each write. */
    private readonly snapshot: string | null = null,
  ) {
    this.q = db;
  }

  /**
   * Called before every write of what `next` reads (issues, their labels, links), inside the same
   * ownership of the store as the write: a snapshot can then never outlive a change it does not hold.
   * Pull requests, comments and checks are not in the snapshot and leave it.
   */
  private drop(): void {
    if (this.snapshot) dropSnapshot(this.snapshot);
  }

  /**
   * Runs `fn` with every write in one transaction: a plan on the local forge is then all or nothing,
   * and costs one commit instead of one per write.
   */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    // A read-only forge (a dry run) has nothing to make atomic, and a read-only session cannot lock.
    if (this.q !== this.db || this.readOnly) return fn();
    this.drop();
    try {
      return await this.db.transaction().execute(async (tx) => {
        await lockRepoWrites(tx, this.repoId);
        this.q = tx;
        this.pending = new PendingWrites(tx, this.repoId);
        try {
          const result = await fn();
          await this.flush();
          return result;
        } finally {
          this.q = this.db;
          this.pending = null;
        }
      });
    } finally {
      // What was cached inside a rolled-back transaction may not exist.
      this.labelIds.clear();
      this.childCounts.clear();
    }
  }

  /** A transaction of its own, or the batch's when one is open (Kysely transactions do not nest). */
  private tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.q === this.db ? this.db.transaction().execute(fn) : fn(this.q);
  }

  /**
   * The forge for `owner/name`, creating the repository row on first use; `readOnly` (a dry run) reads
   * a repository that has no row yet as one with nothing in it, instead of creating the row.
   */
  static async open(
    db: Db,
    repo: string,
    defaultBranch = 'main',
    opts: { readOnly?: boolean; snapshot?: string | null } = {},
  ): Promise<LocalForge> {
    const [owner, name] = repo.split('/') as [string, string];
    const find = () =>
      db
        .selectFrom('forge_repos')
        .select('id')
        .where(sql`lower(owner)`, '=', owner.toLowerCase())
        .where(sql`lower(name)`, '=', name.toLowerCase())
        .executeTakeFirst();
    let id = (await find())?.id;
    // Row ids start at 1: 0 matches no issue, label or pull request.
    if (id === undefined && opts.readOnly) return new LocalForge(db, repo, 0, true);
    if (id === undefined) {
      if (opts.snapshot) dropSnapshot(opts.snapshot);
      try {
        id = (
          await db
            .insertInto('forge_repos')
            .values({ owner, name, default_branch: defaultBranch, description: null, created_at: new Date() })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (e) {
        // Another process created it between the look-up and the insert.
        id = (await find())?.id;
        if (id === undefined) throw e;
      }
    }
    return new LocalForge(db, repo, Number(id), !!opts.readOnly, opts.snapshot ?? null);
  }

  private notFound(n: number): never {
    throw new PtError('forge/not-found', `${this.repo} has no issue #${n}`, {
      hint: 'papertrail trace SPEC-NNNN lists the issues of each requirement.',
      exit: 3,
    });
  }

  async listLabels(): Promise<ForgeLabel[]> {
    const rows = await this.q
      .selectFrom('forge_labels')
      .select(['name', 'color', 'description'])
      .where('repo_id', '=', this.repoId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, color: r.color, description: r.description ?? '' }));
  }

  async createLabel(l: ForgeLabel): Promise<void> {
    this.drop();
    await this.q
      .insertInto('forge_labels')
      .values({ repo_id: this.repoId, name: l.name, color: l.color, description: l.description })
      .execute();
  }

  async updateLabel(l: ForgeLabel): Promise<void> {
    this.drop();
    await this.q
      .updateTable('forge_labels')
      .set({ color: l.color, description: l.description })
      .where('repo_id', '=', this.repoId)
      .where(sql`lower(name)`, '=', l.name.toLowerCase())
      .execute();
  }

  private async labelsOf(numbers: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(numbers.map((n) => [n, []]));
    if (!numbers.length) return out;
    const rows = await this.q
      .selectFrom('forge_issue_labels as il')
      .innerJoin('forge_labels as l', 'l.id', 'il.label_id')
      .select(['il.issue_number', 'l.name'])
      .where('il.repo_id', '=', this.repoId)
      .where('il.issue_number', 'in', numbers)
      .orderBy('l.name')
      .execute();
    for (const r of rows) out.get(Number(r.issue_number))?.push(r.name);
    return out;
  }

  private toIssue(
    r: {
      number: number;
      id: number;
      title: string;
      body: string;
      state: 'open' | 'closed';
      state_reason: string | null;
    },
    labels: string[],
  ): ForgeIssue {
    return {
      number: Number(r.number),
      id: Number(r.id),
      title: r.title,
      body: r.body,
      state: r.state,
      stateReason: (r.state_reason as ForgeIssue['stateReason']) ?? null,
      labels,
    };
  }

  private async get(n: number): Promise<ForgeIssue> {
    await this.flush();
    const r = await this.q
      .selectFrom('forge_issues')
      .selectAll()
      .where('repo_id', '=', this.repoId)
      .where('number', '=', n)
      .executeTakeFirst();
    if (!r) this.notFound(n);
    return this.toIssue(r, (await this.labelsOf([n])).get(n) ?? []);
  }

  async listIssues(q: { label: string }): Promise<ForgeIssue[]> {
    await this.flush();
    const rows = await this.q
      .selectFrom('forge_issues as i')
      .selectAll('i')
      .where('i.repo_id', '=', this.repoId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('forge_issue_labels as il')
            .innerJoin('forge_labels as l', 'l.id', 'il.label_id')
            .select('il.issue_number')
            .whereRef('il.issue_number', '=', 'i.number')
            .where('il.repo_id', '=', this.repoId)
            .where('l.name', '=', q.label),
        ),
      )
      .orderBy('i.number')
      .execute();
    const labels = await this.labelsOf(rows.map((r) => Number(r.number)));
    return rows.map((r) => this.toIssue(r, labels.get(Number(r.number)) ?? []));
  }

  private async labelId(db: Db, name: string): Promise<number> {
    const key = name.toLowerCase();
    const cached = this.labelIds.get(key);
    if (cached !== undefined) return cached;
    // Like GitHub, naming an unknown label on an issue creates it.
    let label = await db
      .selectFrom('forge_labels')
      .select('id')
      .where('repo_id', '=', this.repoId)
      .where(sql`lower(name)`, '=', key)
      .executeTakeFirst();
    label ??= await db
      .insertInto('forge_labels')
      .values({ repo_id: this.repoId, name, color: 'ededed', description: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.labelIds.set(key, Number(label.id));
    return Number(label.id);
  }

  private async setLabels(db: Db, n: number, names: string[], fresh = false): Promise<void> {
    if (!fresh) {
      await db
        .deleteFrom('forge_issue_labels')
        .where('repo_id', '=', this.repoId)
        .where('issue_number', '=', n)
        .execute();
    }
    const unique = [...new Set(names)];
    if (!unique.length) return;
    const values = [];
    for (const name of unique)
      values.push({ repo_id: this.repoId, issue_number: n, label_id: await this.labelId(db, name) });
    await db.insertInto('forge_issue_labels').values(values).execute();
  }

  async createIssue(i: { title: string; body: string; labels: string[] }): Promise<ForgeIssue> {
    this.drop();
    const labels = [...new Set(i.labels)];
    const labelIds: number[] = [];
    for (const name of labels) labelIds.push(await this.labelId(this.q, name));
    if (this.pending) {
      const { number, id } = await this.pending.allocate();
      this.pending.addIssue({ number, id, title: i.title, body: i.body, labelIds });
      return {
        number,
        id,
        title: i.title,
        body: i.body,
        state: 'open',
        stateReason: null,
        labels: labels.sort(),
      };
    }
    // Outside a batch: number, issue and labels in one statement (a plan creates hundreds): all of it commits, or nothing.
    const now = new Date();
    const addLabels = labelIds.length
      ? sql`, l as (
          insert into forge_issue_labels (repo_id, issue_number, label_id)
          select ${this.repoId}::bigint, i.number, x.id
          from i, (values ${sql.join(labelIds.map((id) => sql`(${id}::bigint)`))}) as x(id))`
      : sql``;
    const { rows } = await sql<{ number: number; id: number }>`
      with n as (
        insert into forge_counters (repo_id, last_number) values (${this.repoId}::bigint, 1)
        on conflict (repo_id) do update set last_number = forge_counters.last_number + 1
        returning last_number),
      i as (
        insert into forge_issues (repo_id, number, title, body, state, state_reason, created_at, updated_at, closed_at)
        select ${this.repoId}::bigint, n.last_number, ${i.title}::text, ${i.body}::text, 'open', null,
          ${now}::timestamptz, ${now}::timestamptz, null
        from n
        returning number, id)${addLabels}
      select number, id from i`.execute(this.q);
    const row = rows[0]!;
    return {
      number: Number(row.number),
      id: Number(row.id),
      title: i.title,
      body: i.body,
      state: 'open',
      stateReason: null,
      labels: labels.sort(),
    };
  }

  async updateIssue(n: number, p: IssuePatch): Promise<ForgeIssue> {
    await this.get(n);
    this.drop();
    await this.tx(async (tx) => {
      const now = new Date();
      const closing = p.state === 'closed';
      const set = {
        updated_at: now,
        ...(p.title !== undefined ? { title: p.title } : {}),
        ...(p.body !== undefined ? { body: p.body } : {}),
        ...(p.state !== undefined
          ? {
              state: p.state,
              state_reason: closing ? (p.stateReason ?? 'completed') : null,
              closed_at: closing ? now : null,
            }
          : {}),
      };
      await tx
        .updateTable('forge_issues')
        .set(set)
        .where('repo_id', '=', this.repoId)
        .where('number', '=', n)
        .execute();
      if (p.labels) await this.setLabels(tx, n, p.labels);
    });
    return this.get(n);
  }

  async comment(n: number, body: string): Promise<void> {
    await this.flush();
    await this.get(n);
    const now = new Date();
    await this.q
      .insertInto('forge_comments')
      .values({ repo_id: this.repoId, issue_number: n, body, created_at: now, updated_at: now })
      .execute();
  }

  async listSubIssues(parent: number): Promise<number[]> {
    await this.flush();
    const rows = await this.q
      .selectFrom('forge_sub_issues')
      .select('child_number')
      .where('repo_id', '=', this.repoId)
      .where('parent_number', '=', parent)
      .orderBy('position')
      .execute();
    return rows.map((r) => Number(r.child_number));
  }

  async addSubIssue(parent: number, child: ForgeIssue): Promise<void> {
    // One aggregate per parent and batch, not per link: a 500-issue plan would otherwise spend a
    // query on each; the foreign keys refuse a parent that does not exist.
    let count = this.childCounts.get(parent);
    if (count === undefined) {
      const row = await this.q
        .selectFrom('forge_sub_issues')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('repo_id', '=', this.repoId)
        .where('parent_number', '=', parent)
        .executeTakeFirstOrThrow();
      count = Number(row.n);
    }
    this.drop();
    if (count >= 100)
      throw new PtError('forge/limit', `#${parent} already has 100 sub-issues (GitHub's limit)`, {
        hint: 'Hang the rest under another parent issue; plan does so for specs of over 100 requirements.',
        exit: 3,
      });
    if (this.pending) this.pending.addSubIssue(parent, child.number, count);
    else
      await this.insertRef(parent, () =>
        this.q
          .insertInto('forge_sub_issues')
          .values({
            repo_id: this.repoId,
            parent_number: parent,
            child_number: child.number,
            position: count,
          })
          .execute(),
      );
    this.childCounts.set(parent, count + 1);
  }

  /** Writes what the batch gathered; reads and updates call it first, so they see every write. */
  private async flush(): Promise<void> {
    const missing = await this.pending?.flush();
    if (missing != null) this.notFound(missing);
  }

  /** Runs an insert whose foreign keys name issues, turning "no such issue" into the forge's error. */
  private async insertRef(n: number, insert: () => Promise<unknown>): Promise<void> {
    try {
      await insert();
    } catch (e) {
      if ((e as { code?: string }).code === '23503') this.notFound(n);
      throw e;
    }
  }

  async listLinks(): Promise<ForgeLinks> {
    await this.flush();
    const subIssues = new Map<number, number[]>();
    const blockedBy = new Map<number, number[]>();
    const push = (m: Map<number, number[]>, k: number, v: number) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    const subs = await this.q
      .selectFrom('forge_sub_issues')
      .select(['parent_number', 'child_number'])
      .where('repo_id', '=', this.repoId)
      .orderBy('position')
      .execute();
    for (const r of subs) push(subIssues, Number(r.parent_number), Number(r.child_number));
    const deps = await this.q
      .selectFrom('forge_dependencies')
      .select(['issue_number', 'blocked_by_number'])
      .where('repo_id', '=', this.repoId)
      .orderBy('blocked_by_number')
      .execute();
    for (const r of deps) push(blockedBy, Number(r.issue_number), Number(r.blocked_by_number));
    return { subIssues, blockedBy };
  }

  async listBlockedBy(n: number): Promise<number[]> {
    await this.flush();
    const rows = await this.q
      .selectFrom('forge_dependencies')
      .select('blocked_by_number')
      .where('repo_id', '=', this.repoId)
      .where('issue_number', '=', n)
      .orderBy('blocked_by_number')
      .execute();
    return rows.map((r) => Number(r.blocked_by_number));
  }

  async addBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    this.drop();
    if (this.pending) {
      this.pending.addBlockedBy(n, blocker.number);
      return;
    }
    await this.insertRef(n, () =>
      this.q
        .insertInto('forge_dependencies')
        .values({ repo_id: this.repoId, issue_number: n, blocked_by_number: blocker.number })
        .execute(),
    );
  }

  async removeBlockedBy(n: number, blocker: ForgeIssue): Promise<void> {
    // A link gathered in this batch must be in the table before it can be deleted.
    await this.flush();
    await this.get(n);
    this.drop();
    await this.q
      .deleteFrom('forge_dependencies')
      .where('repo_id', '=', this.repoId)
      .where('issue_number', '=', n)
      .where('blocked_by_number', '=', blocker.number)
      .execute();
  }

  async listPullRequests(): Promise<ForgePullRequest[]> {
    await this.flush();
    const rows = await this.q
      .selectFrom('forge_prs')
      .selectAll()
      .where('repo_id', '=', this.repoId)
      .orderBy('number')
      .execute();
    return rows.map(toPull);
  }

  async listChecks(ref: string): Promise<ForgeCheck[]> {
    await this.flush();
    return latestChecks(this.q, this.repoId, ref);
  }

  /** Records that a check's command starts on `ref` (a pull request's head branch, at commit `sha`). */
  async startCheck(c: {
    name: string;
    ref: string;
    sha: string | null;
    command: string;
  }): Promise<StartedCheck> {
    await this.flush();
    return startCheck(this.q, this.repoId, c);
  }

  /** Records how a started check ended; the output is kept as a redacted tail. */
  async finishCheck(id: number, f: FinishedCheck): Promise<{ completedAt: Date; outputTail: string }> {
    await this.flush();
    return finishCheck(this.q, this.repoId, id, f);
  }

  async startBranch(branch: string): Promise<string | null> {
    throw notOnThisForge(
      this.repo,
      `makes no branches: ${branch} is made with git in the workspace`,
      'papertrail implement makes the branch with git in the repository of the workspace.',
    );
  }

  async commitFiles(c: BranchCommit): Promise<BranchCommitResult> {
    throw notOnThisForge(
      this.repo,
      `makes no commits: ${c.branch} is made with git in the workspace`,
      'On the local forge a run commits its files with git in the repository of the workspace.',
    );
  }

  async listSecurityAlerts(): Promise<ForgeSecurityAlert[]> {
    throw notOnThisForge(
      this.repo,
      'has no Dependabot alerts',
      'Use the npm audit source: npm audit --json > audit.json, and security: { audit: audit.json } in the template.',
    );
  }

  async markReady(n: number): Promise<ForgePullRequest> {
    return this.setPull(n, { draft: false, updated_at: new Date() });
  }

  async mergePullRequest(n: number): Promise<ForgeMerge> {
    throw notOnThisForge(
      this.repo,
      `merges no pull requests itself: #${n} is merged with git in the workspace`,
      `papertrail pr merge ${n} merges it and records the merge.`,
    );
  }

  async recordMerge(n: number): Promise<ForgePullRequest> {
    const now = new Date();
    return this.setPull(n, {
      state: 'closed',
      draft: false,
      merged_at: now,
      closed_at: now,
      updated_at: now,
    });
  }

  private async setPull(
    n: number,
    set: { draft?: boolean; state?: 'closed'; merged_at?: Date; closed_at?: Date; updated_at: Date },
  ): Promise<ForgePullRequest> {
    await this.flush();
    const row = await this.tx((tx) =>
      tx
        .updateTable('forge_prs')
        .set(set)
        .where('repo_id', '=', this.repoId)
        .where('number', '=', n)
        .returningAll()
        .executeTakeFirst(),
    );
    if (!row)
      throw new PtError('forge/not-found', `Pull request #${n} does not exist in ${this.repo}`, {
        hint: 'List them with papertrail trace SPEC-NNNN, or open one with papertrail implement.',
        exit: 3,
      });
    return toPull(row);
  }

  async createPullRequest(pr: NewPullRequest): Promise<ForgePullRequest> {
    await this.flush();
    const number = await this.tx(async (tx) => {
      const number = await nextNumber(tx, this.repoId);
      const now = new Date();
      await tx
        .insertInto('forge_prs')
        .values({
          repo_id: this.repoId,
          number,
          head: pr.head,
          base: pr.base,
          title: pr.title,
          body: pr.body,
          draft: pr.draft,
          state: 'open',
          created_at: now,
          updated_at: now,
          closed_at: null,
          merged_at: null,
        })
        .execute();
      return number;
    });
    return { number, state: 'open', ...pr };
  }
}

function toPull(r: ForgePr): ForgePullRequest {
  return {
    number: Number(r.number),
    title: r.title,
    body: r.body,
    head: r.head,
    base: r.base,
    draft: r.draft,
    state: r.state,
    merged: r.merged_at !== null,
  };
}
