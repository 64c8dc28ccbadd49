import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, withStore } from '../../src/app/kernel/index.js';
import { BIN, cli, plannedRepo, seedWorkspace, tempDir } from '../helpers/cli.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';
import { alive } from '../helpers/runner-workspace.js';

// Seed 000's plan executed by two `work run` processes at once, as a team lead would run them: the
// step command commits to the item's branch, a person passes or rejects the gates between runs, and
// the history verifies at the end. Then an executor killed mid-step: its step is taken up again.

/**
 * The step command: commits a file for this step to the item's branch with git's plumbing (a
 * private index, no checkout), so two executors in one repository never touch the same index or
 * working tree. It waits a moment first, so that two executors' steps overlap.
 */
const STEP = `#!/bin/sh
set -e
sleep "\${STEP_SLEEP:-1}"
branch=$(node -e 'const h = JSON.parse(require("fs").readFileSync(process.env.PAPERTRAIL_HANDOFF, "utf8")); process.stdout.write(h.branch)')
export GIT_INDEX_FILE="$(mktemp)"
parent=$(git rev-parse -q --verify "refs/heads/$branch" || git rev-parse HEAD)
git read-tree "$parent"
blob=$(printf '%s by %s\\n' "$PAPERTRAIL_STEP" "$PAPERTRAIL_EXECUTOR" | git hash-object -w --stdin)
git update-index --add --cacheinfo "100644,$blob,work/$PAPERTRAIL_STEP-$PAPERTRAIL_ATTEMPT.txt"
commit=$(git commit-tree "$(git write-tree)" -p "$parent" -m "#$PAPERTRAIL_ISSUE $PAPERTRAIL_STEP (attempt $PAPERTRAIL_ATTEMPT)")
git update-ref "refs/heads/$branch" "$commit" "$(git rev-parse -q --verify "refs/heads/$branch" || true)"
rm -f "$GIT_INDEX_FILE"
echo "committed $PAPERTRAIL_STEP to $branch"
`;

interface Event {
  event: string;
  at: string;
  attemptId?: number;
  issue?: number;
  stepKey?: string;
  attemptNumber?: number;
  pid?: number;
  summary?: { claimed: number; completed: number; failed: number; lost: number };
}

interface Executor {
  child: ChildProcess;
  events: Event[];
  stderr: () => string;
  /** The exit code, once it has exited. */
  done: Promise<number | null>;
  /** Resolves with the first event that matches. */
  waitFor(match: (e: Event) => boolean): Promise<Event>;
}

const GIT_ID = {
  GIT_AUTHOR_NAME: 'Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.com',
  GIT_COMMITTER_NAME: 'Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.com',
};

function startExecutor(repo: string, name: string, args: string[], env: Record<string, string>): Executor {
  const child = spawn(process.execPath, [BIN, 'work', 'run', '--executor', name, '--json', ...args], {
    cwd: repo,
    env: { ...process.env, PAPERTRAIL_TODAY: '2026-11-23', NO_COLOR: '1', CI: '1', ...GIT_ID, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Event[] = [];
  const waiting: { match: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      // Every line on stdout is one event: anything else fails the parse, and the test.
      const e = JSON.parse(line) as Event;
      if (typeof e.event !== 'string') throw new Error(`not an event on stdout: ${line}`);
      events.push(e);
      for (const w of waiting.filter((x) => x.match(e))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  return {
    child,
    events,
    stderr: () => err,
    done: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    waitFor: (match) =>
      new Promise((resolve) => {
        const seen = events.find(match);
        if (seen) resolve(seen);
        else waiting.push({ match, resolve });
      }),
  };
}

/** One attempt as the executors' events tell it: who ran it, and from when to when. */
interface Span {
  executor: string;
  attempt: number;
  issue: number;
  step: string;
  number: number;
  from: number;
  to: number;
}

function spans(executor: string, events: Event[]): Span[] {
  return events
    .filter((e) => e.event === 'completed')
    .map((e) => {
      const claimed = events.find((c) => c.event === 'claimed' && c.attemptId === e.attemptId)!;
      return {
        executor,
        attempt: e.attemptId!,
        issue: e.issue!,
        step: e.stepKey!,
        number: e.attemptNumber!,
        from: Date.parse(claimed.at),
        to: Date.parse(e.at),
      };
    });
}

const backends: [string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>][] = [
  ['pglite', async () => ({ env: {}, drop: async () => {} })],
];
if (await postgresAvailable('work run e2e [postgres]'))
  backends.push([
    'postgres',
    async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, drop: () => db.drop() };
    },
  ]);

describe.each(backends)('papertrail work run with two executors on %s', (_name, database) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  /** Seed 000's repository, bootstrapped and planned on this backend. */
  const plannedOn = async () => {
    const db = await database();
    drops.push(db.drop);
    const env = db.env;
    if (!env.DATABASE_URL) return { env, repo: plannedRepo().repo };
    const ws = seedWorkspace();
    const repo = join(tempDir(), 'runner-infra');
    expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws, env }).code).toBe(0);
    expect(cli(['plan'], { cwd: repo, env }).code).toBe(0);
    return { env, repo };
  };

  it('runs the plan: #2 and #3 at once, #4 after both integrate, rework after a rejected gate', async () => {
    const { env, repo } = await plannedOn();
    const script = join(tempDir(), 'step.sh');
    writeFileSync(script, STEP);
    chmodSync(script, 0o755);
    const pt = (args: string[], as?: string) =>
      cli(args, { cwd: repo, env: { ...env, ...(as ? { PAPERTRAIL_ACTOR: as } : {}) } });
    const ok = (args: string[], as?: string) => {
      const r = pt(args, as);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    ok(['work', 'schedule']);
    /** The pull request of the item's branch, which its integrate step merges (implement opens it). */
    const openPullRequest = async (issue: number) => {
      // The store reads DATABASE_URL from the process's environment.
      const before = process.env.DATABASE_URL;
      if (env.DATABASE_URL) process.env.DATABASE_URL = env.DATABASE_URL;
      else delete process.env.DATABASE_URL;
      try {
        await withStore(
          openApp(repo, { ...process.env, ...env }),
          async (s) => {
            const { branch } = await s.x.db
              .selectFrom('work_items')
              .select('branch')
              .where('issue_number', '=', issue)
              .executeTakeFirstOrThrow();
            await s.forge!.createPullRequest({
              title: `#${issue}`,
              body: `Resolves #${issue}`,
              head: branch!,
              base: 'main',
              draft: false,
            });
          },
          { forge: true },
        );
      } finally {
        if (before === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = before;
      }
    };

    const all: Span[] = [];
    /** Both executors until nothing is ready; every attempt they claim completes. */
    const round = async () => {
      const ex = ['agent-1', 'agent-2'].map((name) =>
        startExecutor(repo, name, ['--command', script, '--until-idle'], env),
      );
      const codes = await Promise.all(ex.map((e) => e.done));
      for (const [i, e] of ex.entries()) {
        expect(codes[i], e.stderr()).toBe(0);
        expect(e.events.at(-1)).toMatchObject({ event: 'stopped', why: 'idle' });
      }
      const got = ex.flatMap((e, i) => spans(`agent-${i + 1}`, e.events));
      all.push(...got);
      return got.map((s) => `#${s.issue} ${s.step}`).sort();
    };
    const gates = () =>
      Object.fromEntries(
        (
          JSON.parse(ok(['work', 'list', '--json']).stdout).items as { issue: number; gates: unknown[] }[]
        ).map((i) => [i.issue, i.gates]),
      );

    // #4 is blocked by #2 and #3: the first run does #2 and #3 up to their review gates.
    expect(await round()).toEqual([
      '#2 implement',
      '#2 review',
      '#2 runbook',
      '#3 implement',
      '#3 review',
      '#3 runbook',
    ]);
    // Two executors on #2 and #3 at the same time, one store: some step of each overlapped.
    const overlap = all.some((a) =>
      all.some(
        (b) => a.issue === 2 && b.issue === 3 && a.executor !== b.executor && a.from < b.to && b.from < a.to,
      ),
    );
    expect(overlap, JSON.stringify(all)).toBe(true);
    expect(gates()).toMatchObject({
      2: [
        { key: 'review', status: 'pending' },
        { key: 'ci', status: 'pending' },
      ],
    });

    // A person who ran none of it decides the gates: #2 passes, #3 goes back to implement.
    const own = pt(
      ['gate', 'approve', '2', 'review', '--reason', 'mine'],
      all.find((s) => s.issue === 2)!.executor,
    );
    expect(own.stderr).toContain('gate/four-eyes');
    ok(['gate', 'approve', '2', 'review', '--reason', 'LGTM'], 'lead');
    ok(['gate', 'approve', '2', 'ci', '--reason', 'checks green'], 'lead');
    ok(['gate', 'approve', '3', 'review', '--reason', 'LGTM'], 'lead');
    ok(['gate', 'reject', '3', 'ci', '--reason', 'no rollback', '--reentry-step', 'implement'], 'lead');
    await openPullRequest(2);
    await openPullRequest(3);

    expect(await round()).toEqual(['#2 integrate', '#3 implement', '#3 review']);
    const rework = all.filter((s) => s.issue === 3 && s.step === 'implement');
    expect(rework).toHaveLength(2);
    expect(rework[1]!.attempt).toBeGreaterThan(rework[0]!.attempt);

    ok(['gate', 'approve', '3', 'review', '--reason', 'LGTM'], 'lead');
    ok(['gate', 'approve', '3', 'ci', '--reason', 'rollback added'], 'lead');
    expect(await round()).toEqual(['#3 integrate', '#4 implement', '#4 review', '#4 runbook']);
    const integrated = all.filter((s) => s.step === 'integrate' && s.issue !== 4).map((s) => s.to);
    const fourStarts = Math.min(...all.filter((s) => s.issue === 4).map((s) => s.from));
    expect(integrated).toHaveLength(2);
    // The executor that integrated last may claim #4 with that completion, in its transaction: the
    // same instant to the millisecond, never before.
    expect(fourStarts).toBeGreaterThanOrEqual(Math.max(...integrated));

    ok(['gate', 'approve', '4', 'review', '--reason', 'LGTM'], 'lead');
    ok(['gate', 'approve', '4', 'ci', '--reason', 'green'], 'lead');
    await openPullRequest(4);
    expect(await round()).toEqual(['#4 integrate']);

    const items = JSON.parse(ok(['work', 'list', '--json']).stdout).items as { status: string }[];
    expect(items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    // Each step's command committed to its item's branch: one commit per completed attempt.
    for (const issue of [2, 3, 4]) {
      const branch = git(
        repo,
        'for-each-ref',
        '--format=%(refname:short)',
        `refs/heads/implement/issue-${issue}-*`,
      );
      // (The branch of #4 starts from main with #2 and #3 merged: only its own commits are counted.)
      const own = git(repo, 'log', '--format=%s', branch)
        .split('\n')
        .filter((m) => m.startsWith(`#${issue} `));
      expect(own).toHaveLength(all.filter((s) => s.issue === issue).length);
    }
    // Each integrate step merged its item's pull request into main.
    expect(git(repo, 'log', '--format=%s', 'main').match(/^Merge pull request #\d+ from /gm)).toHaveLength(3);
    expect(ok(['audit', 'verify']).stdout).toMatch(/^The audit trail is intact/);
  }, 240_000);

  it('takes up the step of an executor killed mid-command once its lease has run out', async () => {
    const { env, repo } = await plannedOn();
    expect(cli(['work', 'schedule'], { cwd: repo, env }).code).toBe(0);

    const doomed = startExecutor(repo, 'agent-1', ['--command', 'sleep 60', '--lease', '2'], env);
    const started = await doomed.waitFor((e) => e.event === 'started');
    expect(started).toMatchObject({ issue: 2, stepKey: 'runbook', attemptNumber: 1 });
    // The first executor does not hold the store while its command runs: a second one works meanwhile.
    const heir = startExecutor(repo, 'agent-2', ['--command', 'true', '--idle', '0.5'], env);
    await heir.waitFor((e) => e.event === 'completed' && e.issue === 3 && e.stepKey === 'runbook');
    expect(doomed.events.some((e) => e.event === 'completed' || e.event === 'failed')).toBe(false);
    expect(await alive(started.pid!)).toBe(true);

    doomed.child.kill('SIGKILL');
    await doomed.done;
    // The command had a process group of its own, which nobody is left to end.
    process.kill(-started.pid!, 'SIGKILL');
    expect(await alive(started.pid!)).toBe(false);

    // Once the lease has run out, a claim fails the attempt and queues a new one (after a backoff),
    // which the second executor takes.
    const retried = await heir.waitFor(
      (e) => e.event === 'completed' && e.issue === 2 && e.stepKey === 'runbook',
    );
    // Ctrl-C: the executor's own stop, with no "Interrupted" error among the events on stdout.
    heir.child.kill('SIGINT');
    expect(await heir.done).toBe(130);
    expect(heir.stderr()).not.toContain('Interrupted');
    expect(retried.attemptNumber).toBe(2);
    expect(retried.attemptId).not.toBe(started.attemptId);
    expect(heir.events.at(-1)).toMatchObject({ event: 'stopped', why: 'signal' });

    const items = JSON.parse(cli(['work', 'list', '--json'], { cwd: repo, env }).stdout).items as {
      issue: number;
      step: string;
    }[];
    expect(items[0]).toMatchObject({ issue: 2, step: 'implement' });
    expect(cli(['audit', 'verify'], { cwd: repo, env }).code).toBe(0);
  }, 120_000);
});

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}
