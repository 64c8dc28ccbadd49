// Writes the local forge gathers inside a batch (one transaction) and sends together: a 500-requirement
// plan creates ~500 issues and ~1,000 links, and on the embedded store each statement costs milliseconds
// of WebAssembly, so one statement per table instead of one per row is most of the plan's time.
import { type Insertable, type Kysely, sql } from 'kysely';
import { type Database, nextNumber } from '../store/index.js';

type Db = Kysely<Database>;

interface IssueRow {
  number: number;
  id: number;
  title: string;
  body: string;
  labelIds: number[];
}

/** Rows per insert: Postgres takes at most 65,535 parameters per statement; rows here have at most 10. */
const CHUNK = 5000;

export class PendingWrites {
  private readonly issues: IssueRow[] = [];
  private readonly subs: { parent: number; child: number; position: number }[] = [];
  private readonly deps: [number, number][] = [];
  /** The last number handed out; the counter row stays locked by this transaction from the first one. */
  private lastNumber: number | null = null;
  private counterDirty = false;
  private readonly ids: number[] = [];

  constructor(
    private readonly q: Db,
    private readonly repoId: number,
  ) {}

  /** The next issue number and global id, without writing the issue yet. */
  async allocate(): Promise<{ number: number; id: number }> {
    if (this.lastNumber === null) this.lastNumber = await nextNumber(this.q, this.repoId);
    else {
      this.lastNumber++;
      this.counterDirty = true;
    }
    if (!this.ids.length) {
      // Ids come in blocks; an unused one is a gap, as GitHub's ids have.
      const { rows } = await sql<{ id: number }>`
        select nextval('forge_object_id_seq') as id from generate_series(1, 128)`.execute(this.q);
      this.ids.push(...rows.map((r) => Number(r.id)).reverse());
    }
    return { number: this.lastNumber, id: this.ids.pop()! };
  }

  addIssue(row: IssueRow): void {
    this.issues.push(row);
  }

  addSubIssue(parent: number, child: number, position: number): void {
    this.subs.push({ parent, child, position });
  }

  addBlockedBy(issue: number, blocker: number): void {
    this.deps.push([issue, blocker]);
  }

  /**
   * Sends what was gathered. Links name issues by number: every one must exist, else the number of the
   * first missing one is returned and nothing of the links is written.
   */
  async flush(): Promise<number | null> {
    const issues = this.issues.splice(0);
    const now = new Date();
    await this.insertAll(
      'forge_issues',
      issues.map((r) => ({
        repo_id: this.repoId,
        number: r.number,
        id: r.id,
        title: r.title,
        body: r.body,
        state: 'open' as const,
        state_reason: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
      })),
    );
    await this.insertAll(
      'forge_issue_labels',
      issues.flatMap((r) =>
        r.labelIds.map((label_id) => ({ repo_id: this.repoId, issue_number: r.number, label_id })),
      ),
    );
    if (this.counterDirty) {
      await this.q
        .updateTable('forge_counters')
        .set({ last_number: this.lastNumber! })
        .where('repo_id', '=', this.repoId)
        .execute();
      this.counterDirty = false;
    }
    return this.flushLinks();
  }

  private async flushLinks(): Promise<number | null> {
    if (!this.subs.length && !this.deps.length) return null;
    const named = new Set<number>();
    for (const l of this.subs) named.add(l.parent).add(l.child);
    for (const [a, b] of this.deps) named.add(a).add(b);
    const found = await this.q
      .selectFrom('forge_issues')
      .select('number')
      .where('repo_id', '=', this.repoId)
      .where('number', 'in', [...named])
      .execute();
    for (const r of found) named.delete(Number(r.number));
    if (named.size) return Math.min(...named);
    const subs = this.subs.splice(0);
    const deps = this.deps.splice(0);
    await this.insertAll(
      'forge_sub_issues',
      subs.map((l) => ({
        repo_id: this.repoId,
        parent_number: l.parent,
        child_number: l.child,
        position: l.position,
      })),
    );
    await this.insertAll(
      'forge_dependencies',
      deps.map(([n, b]) => ({ repo_id: this.repoId, issue_number: n, blocked_by_number: b })),
    );
    return null;
  }

  /** Multi-row inserts, in chunks under Postgres's limit of 65,535 parameters per statement. */
  private async insertAll<
    T extends 'forge_issues' | 'forge_issue_labels' | 'forge_sub_issues' | 'forge_dependencies',
  >(table: T, rows: Insertable<Database[T]>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.q
        .insertInto(table)
        .values(rows.slice(i, i + CHUNK) as never)
        .execute();
  }
}
