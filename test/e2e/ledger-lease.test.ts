import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, plannedRepo, tempDir } from '../helpers/cli.js';

// Leases, heartbeats, work retry and work run on the git ledger as separate processes run them,
// pushing to a bare repository that stands for GitHub. The example's plan (#2 and #3 ready, #4
// blocked by both) under a one-step workflow, two attempts per step, retried at once.
vi.setConfig({ testTimeout: 300_000 });

describe('leases and work run on the git ledger', () => {
  let repo: string;
  let remote: string;
  const pt = (...args: string[]) => cli(args, { cwd: repo });
  const json = (...args: string[]) => {
    const r = pt(...args, '--json');
    return { code: r.code, out: JSON.parse(r.stdout), r };
  };
  const show = (path: string) =>
    JSON.parse(
      execFileSync('git', ['-C', remote, 'show', `papertrail/ledger:${path}`], { encoding: 'utf8' }),
    );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(() => {
    repo = plannedRepo().repo;
    remote = join(tempDir('pt-lease-e2e-'), 'github.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    writeFileSync(
      join(repo, 'wf.yaml'),
      'id: wf-one\nname: One\nversion: 1.0.0\neffectiveFrom: 2026-01-01\nsteps:\n  - key: a\n    order: 1\n    responsibleRole: dev\n',
    );
    appendFileSync(
      join(repo, 'papertrail.yaml'),
      `execution:\n  workflow: wf.yaml\n  retry:\n    maxAttempts: 2\n    backoffMs: 0\n    maxBackoffMs: 0\n  ledger:\n    remote: ${remote}\n`,
    );
  }, 300_000);

  it('work run claims, heartbeats while the command runs, and completes or fails each attempt', () => {
    expect(json('work', 'schedule').out.ready.map((x: { attempt: string }) => x.attempt)).toEqual([
      '2-a-1',
      '3-a-1',
    ]);
    const r = pt(
      'work',
      'run',
      '--executor',
      'runner-1',
      '--command',
      'sleep 6; echo "on $PAPERTRAIL_ATTEMPT"; test "$PAPERTRAIL_ISSUE" = 2',
      '--lease',
      '3',
      '--until-idle',
      '--json',
    );
    expect(r.code).toBe(1);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; attemptId?: string });
    const ends = events.filter((e) => e.event === 'completed' || e.event === 'failed');
    expect(ends.map((e) => [e.event, e.attemptId])).toEqual([
      ['completed', '2-a-1'],
      ['failed', '3-a-1'],
    ]);
    expect(r.stderr).toContain('[#2 a] on 2-a-1');
    // A heartbeat pushed the claim file again with a later lease (its event may be cut short when a
    // slow push outlasts the command, which is why the file is what is checked).
    const claim = show('artifacts/claims/2-a-1.json');
    expect(Date.parse(claim.leaseExpiresAt) - Date.parse(claim.claimedAt)).toBeGreaterThan(3000);
    expect(show('artifacts/outcomes/3-a-1.json')).toMatchObject({
      status: 'failed',
      actor: 'runner-1',
      exitCode: 1,
    });
  });

  it('a lease that passes is expired by the next schedule; the old token is refused after', async () => {
    expect(json('work', 'schedule').out.ready.map((x: { attempt: string }) => x.attempt)).toEqual(['3-a-2']);
    const c = json('work', 'claim', '--attempt', '3-a-2', '--executor', 'job-1', '--lease', '0.5').out
      .claimed;
    const token = String(c.token);
    await sleep(1000);
    // Passed but not expired yet: the heartbeat still renews it, as on the store.
    const hb = json('work', 'heartbeat', '3-a-2', '--token', token, '--lease', '0.5');
    expect(hb.code).toBe(0);
    expect(hb.out).toMatchObject({ ok: true, attempt: '3-a-2' });
    expect(json('work', 'heartbeat', '3-a-2', '--token', '12345').out.error.code).toBe('work/stale-token');
    await sleep(1000);
    const s = json('work', 'schedule');
    expect(s.code).toBe(0);
    expect(show('artifacts/outcomes/3-a-2.json')).toMatchObject({
      status: 'failed',
      actor: 'papertrail',
      reason: 'lease expired',
    });
    const late = json('work', 'complete', '3-a-2', '--token', token);
    expect([late.code, late.out.error.code]).toEqual([3, 'work/attempt-ended']);
    const beat = json('work', 'heartbeat', '3-a-2', '--token', token);
    expect([beat.code, beat.out.error.code]).toEqual([3, 'work/stale-token']);
    // Two attempts were the maximum: the step is held for a person.
    const rows = json('work', 'list').out.items;
    expect(rows.map((x: { issue: number; stepState: string }) => [x.issue, x.stepState])).toEqual([
      [2, null],
      [3, 'held'],
      [4, 'pending'],
    ]);
  });

  it('work retry queues the held step again; work run --once runs it; the audit trail verifies', () => {
    const r = json('work', 'retry', '3', 'a', '--reason', 'runner fixed', '--actor', 'alice');
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ failed: { attempt: '3-a-2' }, retry: { attempt: '3-a-3', number: 3 } });
    const again = json('work', 'retry', '3', 'a', '--reason', 'again');
    expect([again.code, again.out.error.code]).toEqual([3, 'work/not-failed-out']);
    const run = pt('work', 'run', '--executor', 'runner-2', '--command', 'true', '--once');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('#3 a (attempt 3-a-3)');
    expect(show('artifacts/outcomes/3-a-3.json')).toMatchObject({ status: 'done', actor: 'runner-2' });
    const v = pt('audit', 'verify');
    expect(v.code).toBe(0);
  });
});
