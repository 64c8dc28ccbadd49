import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, seedWorkspace, tempDir } from '../helpers/cli.js';
import { createTestDatabase, dropTestDatabases, postgresAvailable } from '../helpers/postgres.js';

const _EX = join(ROOT, 'examples/seed-000');
const REQS = 30;
const pgOk = await postgresAvailable('plan kill test [postgres]');

/** A spec of REQS requirements, each depending on the one before: many writes to be killed between. */
function bigSpec(): string {
  const requirements = Array.from({ length: REQS }, (_, i) => ({
    name: `Capability ${i + 1}`,
    statement: `The system SHALL provide capability ${i + 1}.`,
    scenarios: [{ name: 'Works', given: 'a user', when: `they use capability ${i + 1}`, then: 'it works' }],
    depends_on: i ? [`Capability ${i}`] : [],
  }));
  return JSON.stringify({ proposal: 'PROP-0001', implementations: ['acme/big'], requirements });
}

/** The implementing repository of bigSpec, bootstrapped once for every test here. */
let bigRepo: string | undefined;
function bootstrapBig(): string {
  if (bigRepo) return bigRepo;
  const ws = seedWorkspace({ spec: false });
  const repo = join(tempDir(), 'big');
  writeFileSync(join(ws, 'big.json'), bigSpec());
  expect(cli(['spec', '--from', 'big.json'], { cwd: ws }).code).toBe(0);
  expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws }).code).toBe(0);
  bigRepo = repo;
  return repo;
}

/** What the last plan run wrote to stderr: a re-run that fails says why in the test's message. */
let lastStderr = '';

/**
 * Runs plan, on Postgres when `url` is given, else on the workspace's embedded store; killed after
 * `killAfterMs`, or by `killWhen` (which hears the child's pid and gets a kill function).
 */
function runPlan(
  repo: string,
  url: string | undefined,
  killAfterMs?: number,
  killWhen?: (pid: number, kill: () => void) => () => void,
): Promise<number | null> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
    if (url) env.DATABASE_URL = url;
    else delete env.DATABASE_URL;
    const p = spawn(process.execPath, [BIN, 'plan'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
    lastStderr = '';
    p.stderr.on('data', (d) => {
      lastStderr += d;
    });
    const kill = () => p.kill('SIGKILL');
    const t = killAfterMs === undefined ? null : setTimeout(kill, killAfterMs);
    const stop = killWhen?.(p.pid!, kill);
    p.on('exit', (code) => {
      if (t) clearTimeout(t);
      stop?.();
      resolve(code);
    });
  });
}

async function issueKeys(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ body: string }>('select body from forge_issues order by number');
    return r.rows.map((x) => /papertrail:key=(\S+)/.exec(x.body)?.[1] ?? '?');
  } finally {
    await c.end();
  }
}

// The issue asks for at least 20 trials of killing plan at random points; each re-run must leave
// exactly one issue per requirement. Postgres holds the state so a kill -9 cannot corrupt it.
describe.skipIf(!pgOk)('plan killed with SIGKILL at random points', () => {
  let repo: string;
  beforeAll(() => {
    repo = bootstrapBig();
  });
  afterAll(() => dropTestDatabases());

  it('re-runs to exactly one issue per requirement after 20 kills that cut plan short', async () => {
    const probe = await createTestDatabase();
    const t0 = Date.now();
    expect(await runPlan(repo, probe.url)).toBe(0);
    // How long a whole run takes here; kills are spread over it, from start-up to the last link.
    let span = Date.now() - t0;
    expect((await issueKeys(probe.url)).length).toBe(REQS + 1);
    const KILLS = 20;
    let interrupted = 0;
    for (let trial = 0; interrupted < KILLS && trial < 3 * KILLS; trial++) {
      const db = await createTestDatabase();
      const at = Math.round(((interrupted + Math.random()) / KILLS) * span);
      const code = await runPlan(repo, db.url, at);
      // A run that finished before its kill proves nothing: the machine got faster than the probe
      // run, so later kills aim within the time this one took.
      if (code !== 0) interrupted++;
      else span = Math.max(50, at);
      expect(await runPlan(repo, db.url), `killed at ${at} ms; the re-run said: ${lastStderr}`).toBe(0);
      const keys = await issueKeys(db.url);
      expect(new Set(keys).size, `trial ${trial}, killed at ${at} ms`).toBe(keys.length);
      expect(keys.length, `trial ${trial}`).toBe(REQS + 1);
      await db.drop();
    }
    expect(interrupted).toBe(KILLS);
  }, 600_000);
});

/** The issue keys in the embedded store, read after the CLI has let go of it. */
async function storeKeys(repo: string): Promise<string[]> {
  const db = await PGlite.create({ dataDir: join(repo, '.papertrail', 'store') });
  try {
    const r = await db.query<{ body: string }>('select body from forge_issues order by number');
    return r.rows.map((x) => /papertrail:key=(\S+)/.exec(x.body)?.[1] ?? '?');
  } finally {
    await db.close();
  }
}

/** What a killed creation may leave beside the store: build folders and the lock. */
const leftovers = (repo: string) =>
  readdirSync(join(repo, '.papertrail')).filter((n) => n !== 'store' && n !== 'store.lock');

// The embedded store, the default: plan is killed anywhere from start-up to its last write, and also
// while it builds the store itself (the first command in a workspace does). Every re-run must finish
// with one issue per requirement, and a half-built store must never be left to break later commands.
describe('plan on the embedded store killed with SIGKILL, also while the store is first created', () => {
  let repo: string;
  beforeAll(() => {
    repo = bootstrapBig();
  });

  it('re-runs to exactly one issue per requirement after kills at random points and mid-creation', async () => {
    const fresh = () => rmSync(join(repo, '.papertrail'), { recursive: true, force: true });
    const check = async (what: string) => {
      expect(await runPlan(repo, undefined), `${what}; the re-run said: ${lastStderr}`).toBe(0);
      const keys = await storeKeys(repo);
      expect(new Set(keys).size, what).toBe(keys.length);
      expect(keys.length, what).toBe(REQS + 1);
      expect(leftovers(repo), what).toEqual([]);
    };

    fresh();
    const t0 = Date.now();
    expect(await runPlan(repo, undefined)).toBe(0);
    let span = Date.now() - t0;
    expect((await storeKeys(repo)).length).toBe(REQS + 1);

    // Kills spread over a whole run, from start-up (which includes creating the store) to the end.
    const KILLS = 5;
    let interrupted = 0;
    for (let trial = 0; interrupted < KILLS && trial < 3 * KILLS; trial++) {
      fresh();
      const at = Math.round(((interrupted + Math.random()) / KILLS) * span);
      const code = await runPlan(repo, undefined, at);
      if (code !== 0) interrupted++;
      else span = Math.max(50, at);
      await check(`trial ${trial}, killed at ${at} ms`);
    }
    expect(interrupted).toBe(KILLS);

    // Kills aimed at the creation itself: once the build folder of that process appears, within a
    // random few milliseconds. Only a kill that left the build folder behind hit the creation.
    const CREATION_KILLS = 3;
    let midCreation = 0;
    for (let trial = 0; midCreation < CREATION_KILLS && trial < 4 * CREATION_KILLS; trial++) {
      fresh();
      let build = '';
      const code = await runPlan(repo, undefined, undefined, (pid, kill) => {
        build = join(repo, '.papertrail', `store.${pid}.tmp`);
        const delay = Math.random() * 30;
        let seen = 0;
        const poll = setInterval(() => {
          if (!seen && existsSync(build)) seen = Date.now();
          if (seen && Date.now() - seen >= delay) kill();
        }, 1);
        return () => clearInterval(poll);
      });
      if (code !== 0 && existsSync(build)) midCreation++;
      await check(`creation trial ${trial}`);
    }
    expect(midCreation).toBe(CREATION_KILLS);
  }, 600_000);
});
