import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PtError } from '../../../src/base/errors.js';
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrate,
  nextNumber,
  openStore,
  type Store,
  sqlMigration,
} from '../../../src/ports/store/index.js';
import { dropTestDatabases } from '../../helpers/postgres.js';
import { backends, type Target } from './backends.js';

const suites = await backends('store behaviour');

describe.each(suites)('store on $name', ({ name, available, fresh }) => {
  let target: Target | undefined;
  const open: Store[] = [];

  async function openFresh(migrated = true): Promise<Store> {
    target = await fresh({ migrated });
    return reopen();
  }
  async function reopen(): Promise<Store> {
    const s = await openStore(target!.opts);
    open.push(s);
    return s;
  }

  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await target?.cleanup();
    target = undefined;
    if (name === 'postgres') await dropTestDatabases();
  });

  it.skipIf(!available)('applies the migrations once and reopens without reapplying', async () => {
    const s = await openFresh(false);
    expect(s.kind).toBe(name);
    expect(s.schemaVersion).toBe(LATEST_VERSION);
    const first = await s.db.selectFrom('papertrail_migrations').selectAll().orderBy('version').execute();
    expect(first.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    expect(first[0]!.applied_at).toBeInstanceOf(Date);
    expect(first[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    await s.close();

    const again = await reopen();
    expect(again.schemaVersion).toBe(LATEST_VERSION);
    const second = await again.db
      .selectFrom('papertrail_migrations')
      .selectAll()
      .orderBy('version')
      .execute();
    expect(second).toEqual(first);
    // Running the migrator again on an open store is a no-op too.
    expect(await migrate(again.db, 'test')).toBe(LATEST_VERSION);
    expect(await again.db.selectFrom('papertrail_migrations').selectAll().execute()).toHaveLength(
      first.length,
    );
  });

  it.skipIf(!available || name !== 'postgres')(
    'lets only one of several racing processes migrate',
    async () => {
      target = await fresh();
      // Separate pools are separate sessions, as separate processes would be.
      const racers = await Promise.all(Array.from({ length: 5 }, () => reopen()));
      expect(racers.map((s) => s.schemaVersion)).toEqual(racers.map(() => LATEST_VERSION));
      const rows = await racers[0]!.db.selectFrom('papertrail_migrations').select('version').execute();
      expect(rows).toHaveLength(MIGRATIONS.length);
    },
  );

  it.skipIf(!available)('applies a later migration on top, then refuses the older program', async () => {
    const s = await openFresh();
    const next = sqlMigration(LATEST_VERSION + 1, 'later', [
      'create table later_thing (id integer primary key)',
    ]);
    expect(await migrate(s.db, 'test', [...MIGRATIONS, next])).toBe(LATEST_VERSION + 1);
    await s.close();

    const err = await openStore(target!.opts).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PtError);
    const pt = err as PtError;
    expect(pt.code).toBe('store/too-new');
    expect(pt.exit).toBe(3);
    expect(pt.message).toContain(`schema version ${LATEST_VERSION + 1}`);
    expect(pt.message).toContain(`supports up to ${LATEST_VERSION}`);
    expect(pt.hint).toBeTruthy();

    // The refusal leaves the store as it was and (embedded) unlocked: a newer program still opens it.
    const s2 = await reopen().catch((e: unknown) => e);
    expect((s2 as PtError).code).toBe('store/too-new');
  });

  it.skipIf(!available)('refuses a store whose applied migration was edited since', async () => {
    const s = await openFresh();
    await s.db.updateTable('papertrail_migrations').set({ checksum: 'x' }).where('version', '=', 1).execute();
    await s.close();
    await expect(openStore(target!.opts)).rejects.toMatchObject({ code: 'store/migration-changed', exit: 3 });
  });

  it.skipIf(!available)('allocates 20 parallel numbers as 20 distinct consecutive numbers', async () => {
    const s = await openFresh();
    const repo = await s.db
      .insertInto('forge_repos')
      .values({ owner: 'acme', name: 'widgets' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof repo.id).toBe('number');
    // Each allocation in its own transaction, as concurrent writers would do it.
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => s.db.transaction().execute((tx) => nextNumber(tx, repo.id))),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const other = await s.db
      .insertInto('forge_repos')
      .values({ owner: 'acme', name: 'gadgets' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await nextNumber(s.db, other.id)).toBe(1);
    expect(await nextNumber(s.db, repo.id)).toBe(21);
  });

  it.skipIf(!available)('keeps concurrent transactions apart (PGlite has one session)', async () => {
    const s = await openFresh();
    const failing = s.db.transaction().execute(async (tx) => {
      await tx.insertInto('forge_repos').values({ owner: 'a', name: 'rolled-back' }).execute();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('abort');
    });
    const committing = s.db.insertInto('forge_repos').values({ owner: 'a', name: 'committed' }).execute();
    await expect(failing).rejects.toThrow('abort');
    await committing;
    const names = await s.db.selectFrom('forge_repos').select('name').execute();
    expect(names.map((r) => r.name)).toEqual(['committed']);
  });

  it.skipIf(!available)('gives a rolled-back allocation back', async () => {
    const s = await openFresh();
    const { id } = await s.db
      .insertInto('forge_repos')
      .values({ owner: 'a', name: 'b' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      s.db.transaction().execute(async (tx) => {
        await nextNumber(tx, id);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await nextNumber(s.db, id)).toBe(1);
  });

  it.skipIf(!available)('stores and reads back the forge rows with the same JS types', async () => {
    const s = await openFresh();
    const repo = await s.db
      .insertInto('forge_repos')
      .values({ owner: 'acme', name: 'widgets', visibility: 'internal' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(repo).toMatchObject({
      owner: 'acme',
      default_branch: 'main',
      visibility: 'internal',
      description: null,
    });
    expect(repo.created_at).toBeInstanceOf(Date);

    const number = await nextNumber(s.db, repo.id);
    const issue = await s.db
      .insertInto('forge_issues')
      .values({ repo_id: repo.id, number, title: 'Auto-scaling' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(issue).toMatchObject({ number: 1, state: 'open', body: '', state_reason: null, closed_at: null });
    expect(Number.isSafeInteger(issue.id)).toBe(true);

    const pr = await s.db
      .insertInto('forge_prs')
      .values({
        repo_id: repo.id,
        number: await nextNumber(s.db, repo.id),
        head: 'implement/issue-1-auto-scaling',
        base: 'main',
        title: 'Implement #1: Auto-scaling',
        draft: true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(pr).toMatchObject({ number: 2, draft: true, state: 'open', merged_at: null });

    const { count } = await s.db
      .selectFrom('forge_issues')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(1);

    // Row counts of writes come back alike, from the builder and from raw SQL.
    const closed = await s.db
      .updateTable('forge_issues')
      .set({ state: 'closed', state_reason: 'completed', closed_at: new Date() })
      .where('repo_id', '=', repo.id)
      .executeTakeFirstOrThrow();
    expect(closed.numUpdatedRows).toBe(1n);
    const raw = await sql`update forge_prs set draft = false where repo_id = ${repo.id}`.execute(s.db);
    expect(raw.numAffectedRows).toBe(1n);
    const read = await sql`select 1 as one`.execute(s.db);
    expect(read.numAffectedRows).toBeUndefined();
  });

  it.skipIf(!available)('rejects bad states through constraints', async () => {
    const s = await openFresh();
    const { id: repoId } = await s.db
      .insertInto('forge_repos')
      .values({ owner: 'acme', name: 'widgets' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issue = (number: number) => ({ repo_id: repoId, number, title: `Issue ${number}` });
    await s.db
      .insertInto('forge_issues')
      .values([issue(1), issue(2), issue(3)])
      .execute();

    const bad: Array<[string, () => Promise<unknown>]> = [
      [
        'duplicate repo (case-insensitive)',
        () => s.db.insertInto('forge_repos').values({ owner: 'ACME', name: 'Widgets' }).execute(),
      ],
      [
        'bad visibility',
        () =>
          sql`insert into forge_repos (owner, name, visibility) values ('a', 'x', 'secret')`.execute(s.db),
      ],
      ['duplicate issue number', () => s.db.insertInto('forge_issues').values(issue(1)).execute()],
      [
        'bad issue state',
        () =>
          sql`insert into forge_issues (repo_id, number, title, state) values (${repoId}, 9, 't', 'merged')`.execute(
            s.db,
          ),
      ],
      [
        'closed without closed_at',
        () => s.db.updateTable('forge_issues').set({ state: 'closed' }).where('number', '=', 1).execute(),
      ],
      [
        'bad state_reason',
        () => sql`update forge_issues set state_reason = 'wontfix' where number = 1`.execute(s.db),
      ],
      [
        'empty title',
        () => s.db.insertInto('forge_issues').values({ repo_id: repoId, number: 9, title: '' }).execute(),
      ],
      [
        'number zero',
        () => s.db.insertInto('forge_issues').values({ repo_id: repoId, number: 0, title: 't' }).execute(),
      ],
      [
        'unknown repo',
        () => s.db.insertInto('forge_issues').values({ repo_id: 999_999, number: 1, title: 't' }).execute(),
      ],
      [
        'label name differing only in case',
        async () => {
          await s.db.insertInto('forge_labels').values({ repo_id: repoId, name: 'Tracking' }).execute();
          await s.db.insertInto('forge_labels').values({ repo_id: repoId, name: 'tracking' }).execute();
        },
      ],
      [
        'bad label color',
        () => s.db.insertInto('forge_labels').values({ repo_id: repoId, name: 'x', color: '#fff' }).execute(),
      ],
      [
        'self dependency',
        () =>
          s.db
            .insertInto('forge_dependencies')
            .values({ repo_id: repoId, issue_number: 1, blocked_by_number: 1 })
            .execute(),
      ],
      [
        'dependency on a missing issue',
        () =>
          s.db
            .insertInto('forge_dependencies')
            .values({ repo_id: repoId, issue_number: 1, blocked_by_number: 42 })
            .execute(),
      ],
      [
        'duplicate dependency',
        async () => {
          const dep = { repo_id: repoId, issue_number: 3, blocked_by_number: 2 };
          await s.db.insertInto('forge_dependencies').values(dep).execute();
          await s.db.insertInto('forge_dependencies').values(dep).execute();
        },
      ],
      [
        'second parent for a sub-issue',
        async () => {
          await s.db
            .insertInto('forge_sub_issues')
            .values({ repo_id: repoId, parent_number: 1, child_number: 2, position: 0 })
            .execute();
          await s.db
            .insertInto('forge_sub_issues')
            .values({ repo_id: repoId, parent_number: 3, child_number: 2, position: 0 })
            .execute();
        },
      ],
      [
        'sub-issue of itself',
        () =>
          s.db
            .insertInto('forge_sub_issues')
            .values({ repo_id: repoId, parent_number: 3, child_number: 3, position: 1 })
            .execute(),
      ],
      [
        'PR with head = base',
        () =>
          s.db
            .insertInto('forge_prs')
            .values({ repo_id: repoId, number: 10, head: 'main', base: 'main', title: 't' })
            .execute(),
      ],
      [
        'open PR that is merged',
        () =>
          s.db
            .insertInto('forge_prs')
            .values({
              repo_id: repoId,
              number: 10,
              head: 'x',
              base: 'main',
              title: 't',
              merged_at: new Date(),
            })
            .execute(),
      ],
      [
        'empty comment',
        () =>
          s.db.insertInto('forge_comments').values({ repo_id: repoId, issue_number: 1, body: '' }).execute(),
      ],
    ];
    for (const [what, attempt] of bad) {
      await expect(attempt(), what).rejects.toThrow();
    }
    // Nothing above left a trace, and good states still go in.
    await s.db
      .updateTable('forge_issues')
      .set({ state: 'closed', state_reason: 'completed', closed_at: new Date() })
      .where('number', '=', 1)
      .execute();
    await s.db.deleteFrom('forge_sub_issues').execute();
    await s.db
      .insertInto('forge_sub_issues')
      .values([
        { repo_id: repoId, parent_number: 1, child_number: 3, position: 0 },
        { repo_id: repoId, parent_number: 1, child_number: 2, position: 1 },
      ])
      .execute();
    // Reordering shifts positions in one statement: uniqueness is checked at the statement's end.
    await sql`update forge_sub_issues set position = 1 - position where parent_number = 1`.execute(s.db);
    const order = await s.db
      .selectFrom('forge_sub_issues')
      .select('child_number')
      .orderBy('position')
      .execute();
    expect(order.map((r) => r.child_number)).toEqual([2, 3]);
  });
});
