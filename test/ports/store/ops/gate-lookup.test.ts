import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRun, type NewRun, setPullGates } from '../../../../src/ports/store/index.js';
import { specRun } from '../../../helpers/spec-run.js';
import { backends } from '../backends.js';
import { freshStores } from '../execution-helpers.js';

const suites = await backends('gate lookup');

const run = (n: number): NewRun =>
  specRun([
    { name: 'CI: Tests', details: { pr: n, head: `feature-${n}`, sha: `c0ffee${n}` } },
    { name: 'Review' },
  ]);

describe.each(suites)('gates found by pull request on $name', ({ name, available, fresh }) => {
  const openFresh = freshStores({ name, fresh });

  it.skipIf(!available)(
    "a check's report finds its gates through an index, not by reading every gate",
    async () => {
      const { s, x } = await openFresh();
      for (let n = 1; n <= 300; n++) await createRun(x, run(n));
      await sql`analyze run_gates`.execute(s.db);
      // The lookup's shape: the gate's name, and the pull request, the head or the commit.
      const plan = await s.db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from run_gates
          where name = 'CI: Tests'
            and (details->>'pr' = '7' or details->>'head' = 'feature-7' or details->>'sha' = 'feature-7')`.execute(
          tx,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      for (const index of ['run_gates_pr', 'run_gates_head', 'run_gates_sha']) expect(plan).toContain(index);
      expect(plan).not.toMatch(/Seq Scan/);
      // And the gates it finds are the pull request's only.
      const moved = await setPullGates(x, 'CI: Tests', { pr: 7, head: 'c0ffee7' }, { status: 'pass' }, 'ci');
      expect(moved.map((m) => (m.gate.details as { pr: number }).pr)).toEqual([7]);
    },
  );
});
