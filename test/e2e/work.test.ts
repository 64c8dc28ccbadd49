import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, plannedRepo, seedWorkspace, tempDir } from '../helpers/cli.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';

// The work verbs as a user runs them, on seed 000's planned repository (local forge, embedded store).
// The tests run in order on one repository: each picks up where the one before left it.
describe('papertrail work', () => {
  let repo: string;
  const pt = (...args: string[]) => cli(args, { cwd: repo });
  const json = (...args: string[]) => {
    const r = pt(...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  beforeAll(() => {
    repo = plannedRepo().repo;
    // A retry's backoff long enough that a slow machine never sees it pass between two commands.
    const config = join(repo, 'papertrail.yaml');
    appendFileSync(config, 'execution:\n  retry:\n    backoffMs: 600000\n    maxBackoffMs: 600000\n');
  });

  it('work schedule: a dry run writes nothing; the run queues #2 and #3, a second run nothing', () => {
    const dry = pt('work', 'schedule', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Would sync work items with the plan (wf-requirement@1.0.0): added #2, #3, #4.',
    );
    expect(json('work', 'list').items).toEqual([]);

    const r = pt('work', 'schedule');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Launch order:\n#  ISSUE  STEP     ORDER  PARALLEL  ATTEMPT\n1  #2     runbook  1      no        1\n2  #3     runbook  1      no        2',
    );
    const again = json('work', 'schedule');
    expect(again).toMatchObject({ queued: 0, sync: { added: [], changed: [], cancelled: [] } });
    expect(again.launch.map((l: { issue: number; attempt: number }) => [l.issue, l.attempt])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(pt('work', 'schedule', '--json').stdout).toBe(pt('work', 'schedule', '--json').stdout);
    // What an orchestrator fans out, the same shape as on the git ledger.
    expect(again.ready.map((r: Record<string, unknown>) => [r.attempt, r.item, r.step, r.order])).toEqual([
      ['1', 2, 'runbook', 1],
      ['2', 3, 'runbook', 1],
    ]);
  });

  it('work claim, heartbeat, complete and fail, with refusals that write nothing', () => {
    const c = json('work', 'claim', '--executor', 'agent-1', '--lease', '60').claimed;
    expect(c).toMatchObject({ attempt: 1, handoff: { issue: 2, step: 'runbook' } });
    const text = pt('work', 'claim', '--executor', 'agent-2');
    expect(text.stdout).toMatch(/^Claimed attempt 2 \(token \d+\): #3 Security Isolation, step runbook\n/);
    const token2 = /token (\d+)/.exec(text.stdout)![1]!;
    expect(json('work', 'claim', '--executor', 'agent-3').claimed).toBeNull();
    expect(pt('work', 'claim', '--executor', 'agent-3').stdout).toContain('Nothing to claim');
    const taken = pt('work', 'claim', '--attempt', '2', '--executor', 'agent-3', '--json');
    expect(taken.code).toBe(3);
    expect(JSON.parse(taken.stdout).error).toMatchObject({ code: 'work/already-claimed' });
    // The store needs the token; --ledger-out and collect are the git ledger's.
    for (const [args, code] of [
      [['work', 'complete', '2'], 'usage/missing-token'],
      [['work', 'fail', '2', '--token', token2, '--reason', 'x', '--ledger-out', 'out'], 'work/no-ledger'],
      [['work', 'collect', 'out'], 'work/no-ledger'],
    ] as const) {
      const r = pt(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(code);
    }

    const stale = pt('work', 'complete', '1', '--token', token2, '--json');
    expect(stale.code).toBe(3);
    expect(JSON.parse(stale.stdout).error).toMatchObject({ code: 'work/stale-token' });
    expect(pt('work', 'heartbeat', 'one', '--token', '1').stderr).toContain('usage/bad-number');
    expect(pt('work', 'fail', '2', '--token', token2, '--reason', ' ').code).toBe(2);
    expect(pt('work', 'claim', '--executor', 'x', '--lease', '-1').stderr).toContain('usage/bad-lease');

    expect(json('work', 'heartbeat', '1', '--token', String(c.token)).attempt).toBe(1);
    const done = pt('work', 'complete', '1', '--token', String(c.token), '--summary', 'runbook written');
    expect(done.stdout).toBe('Completed attempt 1: #2 step runbook.\nQueued: #2 implement\n');
    const failed = json('work', 'fail', '2', '--token', token2, '--reason', 'no access', '--exit-code', '2');
    expect(failed).toMatchObject({ attempt: 2, issue: 3, retry: { attempt: 4 } });

    const list = pt('work', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(
      /^ISSUE\s+STATUS\s+STEP\s+ATTEMPT\s+EXECUTOR\s+LEASE\s+GATES\s+BLOCKED BY\s+TITLE$/,
    );
    expect(
      json('work', 'list').items.map((i: { issue: number; step: string; stepState: string }) => [
        i.issue,
        i.step,
        i.stepState,
      ]),
    ).toEqual([
      [2, 'implement', 'queued'],
      [3, 'runbook', 'held'],
      [4, 'runbook', 'pending'],
    ]);
  });

  it('gate approve and reject: four eyes, rework, refusals with codes', () => {
    for (const step of ['implement', 'review']) {
      const c = json('work', 'claim', '--executor', 'agent-1').claimed;
      expect(c.handoff).toMatchObject({ issue: 2, step });
      json('work', 'complete', String(c.attempt), '--token', String(c.token));
    }
    const own = pt('gate', 'approve', '2', 'review', '--reason', 'mine', '--reviewer', 'agent-1');
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('error gate/four-eyes: agent-1 did work on #2 under review');
    expect(pt('gate', 'approve', '4', 'review', '--reason', 'x', '--reviewer', 'lead').stderr).toContain(
      'gate/not-open',
    );
    expect(pt('gate', 'reject', '2', 'ci', '--reason', 'x').code).toBe(2);
    expect(pt('gate', 'approve', '2', 'review', '--reason', '').stderr).toContain('usage/empty-text');
    expect(json('gate', 'approve', '2', 'review', '--reason', 'LGTM', '--reviewer', 'lead')).toMatchObject({
      decision: 'approve',
      reviewer: 'lead',
      queued: [],
    });
    const no = pt(
      'gate',
      'reject',
      '2',
      'ci',
      '--reason',
      'no rollback',
      '--reentry-step',
      'implement',
      '--reviewer',
      'lead',
    );
    expect(no.stderr).toBe('');
    expect(no.stdout).toMatch(
      /^Rejected gate ci of #2 \(step review\) as lead: rework implement, review\.\nQueued: implement \(attempt \d+\)\n$/,
    );
    expect(json('work', 'list').items[0]).toMatchObject({ issue: 2, step: 'implement', stepState: 'queued' });
  });

  it('audit verify and export', () => {
    const ok = pt('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^The audit trail is intact: \d+ record\(s\), head [0-9a-f]{64}\.\n$/);
    expect(json('audit', 'verify')).toMatchObject({ ok: true });
    const csv = pt('export', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('scope,key,leadTimeMs,cycleTimePerStepMs,throughput,WIP,reworkRate');
    expect(lines[1]).toMatch(/^portfolio,portfolio,,implement=\d+;review=\d+;runbook=\d+,0,2,0\.5$/);
    const j = JSON.parse(pt('export').stdout);
    expect(j.portfolio).toMatchObject({ WIP: 2, reworkRate: 0.5 });
    expect(j.items.map((i: { key: string }) => i.key)).toEqual(['issue-2', 'issue-3']);
    expect(pt('export', '--format', 'xml').code).toBe(2);
  });
});

// The trail is tampered with where a shared database makes that easy: Postgres.
describe.runIf(await postgresAvailable('audit verify (CLI) [postgres]'))(
  'papertrail audit verify on a tampered trail',
  () => {
    it('exits 1 and names the first bad record', async () => {
      const db = await createTestDatabase();
      try {
        const env = { DATABASE_URL: db.url };
        const ws = seedWorkspace();
        const repo = join(tempDir(), 'runner-infra');
        expect(cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws, env }).code).toBe(0);
        expect(cli(['plan'], { cwd: repo, env }).code).toBe(0);
        expect(cli(['work', 'schedule'], { cwd: repo, env }).code).toBe(0);
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        await client.query(`update audit_records set data = '{"forged":true}' where seq = 2`);
        await client.end();
        const r = cli(['audit', 'verify'], { cwd: repo, env });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('The audit trail is broken at record 2');
        expect(r.stdout).toContain('The 1 record(s) before it verify.');
        const j = cli(['audit', 'verify', '--json'], { cwd: repo, env });
        expect(j.code).toBe(1);
        expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, length: 1, break: { seq: 2 } });
      } finally {
        await db.drop();
      }
    });
  },
);
