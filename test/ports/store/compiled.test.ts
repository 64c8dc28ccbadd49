import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Compiled } from '../../../src/ports/store/compiled.js';
import { backends } from './backends.js';
import { freshStores } from './execution-helpers.js';

// A statement compiled once runs with each call's values in place, a value used twice in both places,
// a value the statement holds itself kept, and a value left out sent as null.
const suites = await backends('statements compiled once');

interface Values extends Record<string, unknown> {
  a: number;
  b: string | undefined;
}

describe.each(suites)('statements compiled once on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)('puts each call’s values where the markers were', async () => {
    const { s } = await openFresh();
    let builds = 0;
    const q = new Compiled(['a', 'b'], (v: Values) => {
      builds++;
      return sql<{ a: number; twice: number; b: string | null; held: string }>`select
        ${v.a}::integer as a, ${v.a}::integer * 2 as twice, ${v.b}::text as b, ${'held'}::text as held`;
    });
    expect((await q.execute(s.db, { a: 1, b: 'x' })).rows).toEqual([
      { a: 1, twice: 2, b: 'x', held: 'held' },
    ]);
    expect((await q.execute(s.db, { a: 5, b: undefined })).rows).toEqual([
      { a: 5, twice: 10, b: null, held: 'held' },
    ]);
    await s.db.transaction().execute(async (tx) => {
      expect((await q.execute(tx, { a: 7, b: 'y' })).rows[0]).toMatchObject({ a: 7, b: 'y' });
    });
    expect(builds).toBe(1);
  });
});
