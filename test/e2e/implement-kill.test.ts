import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, plannedRepo, seedWorkspace, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

const BRANCH = 'implement/issue-2-auto-scaling';
const pgOk = await postgresAvailable('implement kill test [postgres]');

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

/**
 * Runs `implement` in its own process group and SIGKILLs only the CLI, as a crash would: git commands
 * it started live on. `kill` is a delay in ms, or a check polled until it says to kill (or the run
 * ends); the promise settles once every process of the group is gone, so nothing of the killed run
 * races the next. The exit code is null when the kill cut the run short.
 */
function runImplement(
  repo: string,
  env: Record<string, string>,
  kill?: number | (() => boolean),
): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, 'implement', '2'], {
      cwd: repo,
      env: { ...process.env, CI: '1', ...env },
      stdio: 'ignore',
      detached: true,
    });
    let running = true;
    const poll = (when: () => boolean) => {
      if (!running) return;
      if (when()) p.kill('SIGKILL');
      else setImmediate(poll, when);
    };
    const t = typeof kill === 'number' ? setTimeout(() => p.kill('SIGKILL'), kill) : null;
    if (typeof kill === 'function') poll(kill);
    p.on('exit', (code) => {
      running = false;
      if (t) clearTimeout(t);
      const gone = () => {
        try {
          process.kill(-p.pid!, 0);
          setTimeout(gone, 5);
        } catch {
          resolve(code);
        }
      };
      gone();
    });
  });
}

function branchHasResolves(repo: string): boolean {
  return git(repo, 'log', '--format=%B', `main..${BRANCH}`).includes('Resolves #2');
}

describe('implement killed right after its branch appears', () => {
  it('re-runs to a branch with its "Resolves #2" commit and one PR, which merges and closes #2', async () => {
    const { repo } = plannedRepo();
    const ref = join(repo, '.git/refs/heads', BRANCH);
    const code = await runImplement(repo, {}, () => existsSync(ref));
    // The kill landed mid-run: the branch is there and the PR is not.
    expect(code).toBeNull();
    expect(existsSync(ref)).toBe(true);

    const again = cli(['implement', '2'], { cwd: repo });
    expect(again.code, again.stderr).toBe(0);
    expect(branchHasResolves(repo)).toBe(true);
    const work = JSON.parse(cli(['trace', 'SPEC-0001/REQ-001', '--json'], { cwd: repo }).stdout).work;
    expect(work[0].pullRequests, JSON.stringify(work)).toHaveLength(1);
    const pr = String(work[0].pullRequests[0].number);
    expect(cli(['pr', 'ready', pr], { cwd: repo }).code).toBe(0);
    const merged = JSON.parse(cli(['pr', 'merge', pr, '--json'], { cwd: repo }).stdout);
    expect(merged).toMatchObject({ ok: true, closed: [2] });
  }, 120_000);
});

async function prHeads(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ head: string }>('select head from forge_prs')).rows.map((r) => r.head);
  } finally {
    await c.end();
  }
}

async function forgetPullRequests(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('delete from forge_prs');
    // The counter goes back with them: the store refuses a counter ahead of its rows as lost rows.
    await c.query(
      'update forge_counters c set last_number = (select count(*) from forge_issues i where i.repo_id = c.repo_id)',
    );
  } finally {
    await c.end();
  }
}

// Kills spread over a whole run, from start-up to the pull request; after each, a re-run must leave
// the branch with its commit and exactly one pull request. Postgres keeps the forge, so each trial
// starts over by deleting the branch and the pull requests.
describe.skipIf(!pgOk)('implement killed with SIGKILL at random points [postgres]', () => {
  let repo: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    const ws = seedWorkspace();
    repo = join(tempDir(), 'runner-infra');
    env = { DATABASE_URL: (await createTestDatabase()).url };
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
    expect(cli(['plan'], { cwd: repo, env }).code).toBe(0);
  });
  afterAll(() => dropTestDatabases());

  const startOver = async () => {
    git(repo, 'checkout', '-q', 'main');
    if (git(repo, 'branch', '--list', BRANCH)) git(repo, 'branch', '-q', '-D', BRANCH);
    await forgetPullRequests(env.DATABASE_URL!);
  };

  it('re-runs to the "Resolves #2" commit and exactly one PR after 10 kills that cut implement short', async () => {
    const ref = join(repo, '.git/refs/heads', BRANCH);
    const t0 = Date.now();
    let branchAt = 0;
    const watch = () => {
      if (!branchAt && existsSync(ref)) branchAt = Date.now() - t0;
      return false;
    };
    expect(await runImplement(repo, env, watch)).toBe(0);
    let span = Date.now() - t0;
    expect(branchHasResolves(repo)).toBe(true);
    // Half the kills land before the branch appears (start-up, reading the forge), half from then on,
    // where the branch, its commit and the pull request are made and a kill can leave one without
    // the next.
    const KILLS = 10;
    const HALF = KILLS / 2;
    let interrupted = 0;
    for (let trial = 0; interrupted < KILLS && trial < 3 * KILLS; trial++) {
      await startOver();
      const late = interrupted >= HALF;
      const slot = ((interrupted % HALF) + Math.random()) / HALF;
      const at = Math.round(late ? branchAt + slot * (span - branchAt) : slot * branchAt);
      const code = await runImplement(repo, env, at);
      // A run that finished before its kill proves nothing: the machine got faster than the probe
      // run, so later kills aim within the time this one took.
      if (code === null) interrupted++;
      else {
        span = Math.max(50, at);
        branchAt = Math.min(branchAt, span - 10);
      }
      const again = cli(['implement', '2'], { cwd: repo, env });
      expect(again.code, `trial ${trial}, killed at ${at} ms: ${again.stderr}`).toBe(0);
      expect(branchHasResolves(repo), `trial ${trial}, killed at ${at} ms`).toBe(true);
      expect(await prHeads(env.DATABASE_URL!), `trial ${trial}`).toEqual([BRANCH]);
    }
    expect(interrupted).toBe(KILLS);
  }, 300_000);
});
