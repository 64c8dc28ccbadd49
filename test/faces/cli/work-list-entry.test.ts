// The plain `papertrail work list [--json]` starts from its own entry (dist/work-list.js, chosen by
// bin/papertrail.js). It must be the same verb as the full CLI's, on either store: same list, same
// errors (a store at a newer migration refused), same help and exit codes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/ports/store/index.js';
import { cli, node, ROOT, seedWorkspace, tempDir } from '../../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../../helpers/postgres.js';

const FULL_CLI = join(ROOT, 'dist', 'cli.js');

/** The same arguments through the full CLI's program, bypassing the bin's choice of entry. */
function fullCli(args: string[], cwd: string, env: Record<string, string>) {
  const script = `const { main } = await import(${JSON.stringify(FULL_CLI)}); process.exitCode = await main(${JSON.stringify(args)});`;
  return node(['--input-type=module', '-e', script], { cwd, env });
}

const withPostgres = await postgresAvailable('work list entry [postgres]');
const stores = [
  { name: 'pglite', available: true },
  { name: 'postgres', available: withPostgres },
] as const;

const cases: [string, string[]][] = [
  ['text list', ['work', 'list']],
  ['JSON list', ['work', 'list', '--json']],
  ['an option given twice', ['work', 'list', '--json', '--json']],
  ['an unknown option', ['work', 'list', '--bogus']],
  ['a dry run, which list does not take', ['work', 'list', '--dry-run']],
  ['an argument', ['work', 'list', 'extra']],
  ['help', ['work', 'list', '--help']],
  ['the version after the verb', ['work', 'list', '--version']],
];

afterAll(() => dropTestDatabases());

describe.each(stores)('the work list entry on $name', ({ name, available }) => {
  let env: Record<string, string>;
  let repo: string;
  let noRepo: string;

  beforeAll(async () => {
    if (!available) return;
    env = { DATABASE_URL: name === 'postgres' ? (await createTestDatabase()).url : '' };
    const ws = seedWorkspace();
    repo = join(tempDir(), 'runner-infra');
    for (const [args, cwd] of [
      [['bootstrap', 'SPEC-0001', '--dir', repo], ws],
      [['plan'], repo],
      [['work', 'schedule'], repo],
    ] as const) {
      const r = cli([...args], { cwd, env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // A workspace whose papertrail.yaml names no repository: the list's usage error.
    noRepo = tempDir();
    writeFileSync(join(noRepo, 'papertrail.yaml'), 'version: 1\ndocs: docs\nforge: local\n');
  }, 120_000);

  for (const [what, args] of cases)
    it.runIf(available)(`gives what the full CLI gives: ${what}`, () => {
      for (const cwd of [repo, noRepo]) expect(cli(args, { cwd, env })).toEqual(fullCli(args, cwd, env));
    });

  it.runIf(available)('lists the plan (the comparison above is not of two empty runs)', () => {
    const r = cli(['work', 'list', '--json'], { cwd: repo, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).items.length).toBeGreaterThan(0);
    expect(cli(['work', 'list'], { cwd: noRepo, env }).stderr).toMatch(/config\/no-repo/);
  });

  it.runIf(available)('refuses a store at a newer migration, as the full CLI does', async () => {
    const store = await openStore(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(repo, '.papertrail', 'store') },
    );
    try {
      await sql`insert into papertrail_migrations (version, name, checksum) values (9999, 'from-the-future', 'x')`.execute(
        store.db,
      );
    } finally {
      await store.close();
    }
    for (const args of [
      ['work', 'list'],
      ['work', 'list', '--json'],
    ]) {
      const r = cli(args, { cwd: repo, env });
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/store\/too-new/);
      expect(r).toEqual(fullCli(args, repo, env));
    }
  });
});
