import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cli, cliAsync, plannedRepo, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

const pgOk = await postgresAvailable('merges taking turns [postgres]');

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

const ok = (r: { code: number; stderr: string }, what: string) =>
  expect(r.code, `${what}: ${r.stderr}`).toBe(0);

/** The planned repository with two ready pull requests, #5 for issue #2 and #6 for issue #3, on main. */
function twoReadyPulls(env: Record<string, string>): string {
  const { repo } = plannedRepo();
  // plannedRepo's plan went to the embedded store; on Postgres the plan is made there instead.
  if (env.DATABASE_URL) ok(cli(['plan'], { cwd: repo, env }), 'plan');
  for (const issue of ['2', '3']) {
    git(repo, 'checkout', '-q', 'main');
    ok(cli(['implement', issue], { cwd: repo, env }), `implement ${issue}`);
  }
  for (const pr of ['5', '6']) ok(cli(['pr', 'ready', pr], { cwd: repo, env }), `pr ready ${pr}`);
  git(repo, 'checkout', '-q', 'main');
  return repo;
}

const mergesOnMain = (repo: string) =>
  git(repo, 'log', '--merges', '--format=%s', 'main').split('\n').filter(Boolean).sort();

const BOTH = [
  'Merge pull request #5 from implement/issue-2-auto-scaling',
  'Merge pull request #6 from implement/issue-3-security-isolation',
];

// Two executors (or a person and an executor) finishing at once run their merges in one repository:
// without turns one fails on git's index.lock, or merges onto a checkout the other has just moved.
describe.each([
  { store: 'pglite', url: async () => ({}) as Record<string, string> },
  { store: 'postgres', url: async () => ({ DATABASE_URL: (await createTestDatabase()).url }) },
])('pr merge in one workspace [$store]', ({ store, url }) => {
  afterAll(() => dropTestDatabases());

  it.skipIf(store === 'postgres' && !pgOk)(
    'two merges started at once both succeed and the base has both',
    async () => {
      const env = await url();
      for (let round = 0; round < 2; round++) {
        const repo = twoReadyPulls(env);
        const runs = await Promise.all(
          ['5', '6'].map((pr) => cliAsync(['pr', 'merge', pr, '--json'], { cwd: repo, env })),
        );
        for (const r of runs)
          expect({ code: r.code, stderr: r.stderr, out: r.code ? r.stdout : '' }).toEqual({
            code: 0,
            stderr: '',
            out: '',
          });
        expect(mergesOnMain(repo), `round ${round}`).toEqual(BOTH);
        expect(git(repo, 'branch', '--show-current')).toBe('main');
        expect(existsSync(join(repo, '.papertrail', 'merge.lock'))).toBe(false);
        if (env.DATABASE_URL) env.DATABASE_URL = (await createTestDatabase()).url;
      }
    },
    180_000,
  );
});

/**
 * A `pr merge` that holds the merge lock until told to go on: a git hook in the middle of its merge
 * waits for `<mark>.go`, once `<mark>` says it got there. Spawned in a process group of its own, so
 * a kill reaches git and the hook too.
 */
async function heldMerge(
  repo: string,
  pr: string,
  mark: string,
  env: Record<string, string>,
): Promise<{ p: ChildProcess; done: Promise<number | null> }> {
  const hook = join(repo, '.git', 'hooks', 'pre-merge-commit');
  writeFileSync(
    hook,
    '#!/bin/sh\n[ -n "$PT_TEST_HOLD" ] || exit 0\ntouch "$PT_TEST_HOLD"\nwhile [ ! -e "$PT_TEST_HOLD.go" ]; do sleep 0.05; done\n',
  );
  chmodSync(hook, 0o755);
  const p = spawn(process.execPath, [BIN, 'pr', 'merge', pr], {
    cwd: repo,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PAPERTRAIL_TODAY: '2026-11-23',
      NO_COLOR: '1',
      CI: '1',
      ...env,
      PT_TEST_HOLD: mark,
    },
  });
  const done = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  const t0 = Date.now();
  while (!existsSync(mark)) {
    if (Date.now() - t0 > 30_000) throw new Error('the held merge never reached its hook');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { p, done };
}

// On the embedded store a second merge already waits for the store's own lock, held for the whole
// command; on a shared Postgres nothing but the merge lock keeps two merges apart.
describe.skipIf(!pgOk)('the merge lock [postgres]', () => {
  afterAll(() => dropTestDatabases());
  const pgEnv = async () => ({ DATABASE_URL: (await createTestDatabase()).url });

  it('makes a merge wait for one in progress, refusing with pr/merge-busy (exit 4) after the wait', async () => {
    const env = await pgEnv();
    const repo = twoReadyPulls(env);
    const mark = join(tempDir(), 'held');
    const held = await heldMerge(repo, '5', mark, env);
    const r = await cliAsync(['pr', 'merge', '6'], {
      cwd: repo,
      env: { ...env, PAPERTRAIL_MERGE_WAIT: '0.3' },
    });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`pr/merge-busy: Another merge in ${repo} is running`);
    expect(r.stderr).toContain(`process ${held.p.pid}`);
    expect(r.stderr).toContain('delete .papertrail/merge.lock');
    // Waited for long enough, the second merge goes through after the first.
    const second = cliAsync(['pr', 'merge', '6'], { cwd: repo, env });
    writeFileSync(`${mark}.go`, '');
    expect(await held.done).toBe(0);
    ok(await second, 'pr merge 6 after waiting');
    expect(mergesOnMain(repo)).toEqual(BOTH);
  }, 120_000);

  it('does not block on the lock of a merge killed with SIGKILL', async () => {
    const env = await pgEnv();
    const repo = twoReadyPulls(env);
    const held = await heldMerge(repo, '5', join(tempDir(), 'held'), env);
    process.kill(-held.p.pid!, 'SIGKILL');
    await held.done;
    expect(existsSync(join(repo, '.papertrail', 'merge.lock'))).toBe(true);
    // What the killed merge left in git is for a person to clean up; its lock is not.
    git(repo, 'reset', '-q', '--hard');
    const r = await cliAsync(['pr', 'merge', '6'], {
      cwd: repo,
      env: { ...env, PAPERTRAIL_MERGE_WAIT: '0' },
    });
    ok(r, 'pr merge after the kill');
    expect(mergesOnMain(repo)).toEqual([BOTH[1]]);
    expect(existsSync(join(repo, '.papertrail', 'merge.lock'))).toBe(false);
  }, 120_000);
});
