import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, seedWorkspace, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

const pgOk = await postgresAvailable('plans at once [postgres]');

async function counts(url: string): Promise<{ issues: number; keys: number; labels: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ issues: number; keys: number; labels: number }>(`select
      (select count(*)::int from forge_issues) as issues,
      (select count(distinct substring(body from 'papertrail:key=(\\S+)'))::int from forge_issues) as keys,
      (select count(*)::int from forge_labels) as labels`);
    return r.rows[0]!;
  } finally {
    await c.end();
  }
}

// On a shared Postgres, plans started together (a person's and an assistant's, or two CI jobs) queue:
// the first writes the plan, the others wait for it and then find nothing left to write.
describe.skipIf(!pgOk)('plans started together on one Postgres', () => {
  afterAll(() => dropTestDatabases());

  it('all finish cleanly, one issue per requirement, the later ones writing nothing', async () => {
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    for (let round = 0; round < 2; round++) {
      const db = await createTestDatabase();
      const runs = await Promise.all(
        [0, 1, 2].map(() => cliAsync(['plan', '--json'], { cwd: repo, env: { DATABASE_URL: db.url } })),
      );
      for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const writes = runs.map((r) => JSON.parse(r.stdout).writes as number).sort((a, b) => a - b);
      expect(writes.slice(0, 2), `round ${round}`).toEqual([0, 0]);
      expect(writes[2], `round ${round}`).toBeGreaterThan(0);
      expect(await counts(db.url)).toEqual({ issues: 4, keys: 4, labels: 3 });
      await db.drop();
    }
  }, 120_000);
});
