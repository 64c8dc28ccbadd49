import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ledgerAuditVerify,
  ledgerClaim,
  ledgerFinish,
  ledgerHeartbeat,
  ledgerList,
  ledgerRetry,
  ledgerSchedule,
} from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import type { PtError } from '../../../src/base/index.js';
import { type OnLedger, plannedOnLedger } from './workspace.js';

// Leases on the git ledger, with a bare repository standing for GitHub: heartbeats, expiry by the
// next schedule or claim (racing writers expire a lease once), late writes of the old token, and
// work retry. The example's plan (#2 and #3 ready, #4 blocked by both) under a one-step workflow.
// The clock is moved by faking Date only: git and the timers run for real.
vi.setConfig({ testTimeout: 180_000 });

const WORKFLOW = `id: wf-one
name: One
version: 1.0.0
effectiveFrom: 2026-01-01
steps:
  - key: a
    order: 1
    responsibleRole: dev
`;

let app: App;
let git: OnLedger['git'];
const read = (path: string) => JSON.parse(git('show', `papertrail/ledger:${path}`));
/** The file names in a folder of the branch; none when it does not exist yet. */
const ls = (dir: string) =>
  git('ls-tree', '--name-only', 'papertrail/ledger', `artifacts/${dir}/`)
    .split('\n')
    .filter(Boolean)
    .map((p) => p.slice(`artifacts/${dir}/`.length));
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: PtError) => e.code,
  );
type Rec = { type: string; actor: string; data: { attempt?: string } };
const records = (): Rec[] => ls('audit').map((n) => read(`artifacts/audit/${n}`));
const auditTypes = async () => records().map((r) => r.type);
let clock = Date.now();
const later = (seconds: number) => {
  clock += seconds * 1000;
  vi.setSystemTime(clock);
};

beforeAll(async () => {
  ({ app, git } = await plannedOnLedger(
    'pt-lease-remote-',
    WORKFLOW,
    '  retry:\n    maxAttempts: 2\n    backoffMs: 0\n    maxBackoffMs: 0\n',
  ));
}, 180_000);

afterEach(() => {
  vi.useRealTimers();
});

const fakeClock = () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
};

describe('leases on the git ledger', () => {
  it('a heartbeat renews the lease under its token, with no audit record; other tokens are refused', async () => {
    fakeClock();
    expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-1', '3-a-1']);
    const c = (await ledgerClaim(app, { executor: 'r1', attempt: '2-a-1', leaseSeconds: 60 }))!;
    const records = ls('audit').length;
    later(50);
    const r = await ledgerHeartbeat(app, { attempt: '2-a-1', token: c.token, leaseSeconds: 120 });
    expect(r).toEqual({ attempt: '2-a-1', leaseExpiresAt: new Date(clock + 120_000).toISOString() });
    expect(read('artifacts/claims/2-a-1.json')).toMatchObject({
      token: c.token,
      executor: 'r1',
      leaseExpiresAt: r.leaseExpiresAt,
    });
    expect(ls('audit')).toHaveLength(records);
    expect(await code(ledgerHeartbeat(app, { attempt: '2-a-1', token: c.token + 1 }))).toBe(
      'work/stale-token',
    );
    expect(await code(ledgerHeartbeat(app, { attempt: '3-a-1', token: c.token }))).toBe('work/stale-token');
    // Past the first lease, within the renewed one: nothing expires.
    later(100);
    expect((await ledgerSchedule(app)).queued).toBe(0);
    expect(ls('outcomes')).toEqual([]);
  });

  it('a passed lease is expired once by two racing schedules: one outcome, one retry', async () => {
    fakeClock();
    later(60);
    const [s1, s2] = await Promise.all([ledgerSchedule(app), ledgerSchedule(app)]);
    expect(ls('outcomes')).toEqual(['2-a-1.json']);
    expect(read('artifacts/outcomes/2-a-1.json')).toMatchObject({
      status: 'failed',
      actor: 'papertrail',
      reason: 'lease expired',
    });
    const item = read('artifacts/schedule/2.json') as { attempts: { attempt: string }[] };
    expect(item.attempts.map((a) => a.attempt)).toEqual(['2-a-1', '2-a-2']);
    expect(s1.attempts).toEqual(s2.attempts);
    expect(s1.attempts).toContain('2-a-2');
    const types = await auditTypes();
    expect(types.filter((t) => t === 'attempt-expired')).toHaveLength(1);
    expect(types.filter((t) => t === 'attempt-queued')).toHaveLength(3);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
    const rows = await ledgerList(app);
    expect(rows[0]).toMatchObject({
      issue: 2,
      stepState: 'queued',
      attempt: { id: '2-a-2', status: 'queued' },
    });
  });

  it("the expired claim's token is dead: a late complete, fail or heartbeat is refused", async () => {
    const token = (read('artifacts/claims/2-a-1.json') as { token: number }).token;
    expect(await code(ledgerFinish(app, { attempt: '2-a-1', token }, 'done'))).toBe('work/attempt-ended');
    expect(await code(ledgerFinish(app, { attempt: '2-a-1', token, reason: 'x' }, 'failed'))).toBe(
      'work/attempt-ended',
    );
    expect(await code(ledgerHeartbeat(app, { attempt: '2-a-1', token }))).toBe('work/stale-token');
    expect(ls('outcomes')).toEqual(['2-a-1.json']);
  });

  it('a complete racing the expiry of its lease: exactly one of them lands', async () => {
    fakeClock();
    const c = (await ledgerClaim(app, { executor: 'r2', attempt: '3-a-1', leaseSeconds: 1 }))!;
    later(5);
    const [done, claimed] = await Promise.all([
      code(ledgerFinish(app, { attempt: '3-a-1', token: c.token, summary: 'did it' }, 'done')),
      ledgerClaim(app, { executor: 'r3', attempt: '2-a-2', leaseSeconds: 600 }),
    ]);
    expect(claimed?.attempt).toBe('2-a-2');
    const outcome = read('artifacts/outcomes/3-a-1.json') as { status: string; actor: string };
    const attempts = (read('artifacts/schedule/3.json') as { attempts: { attempt: string }[] }).attempts;
    if (done === 'ok') {
      expect(outcome).toMatchObject({ status: 'done', actor: 'r2' });
      expect(attempts).toHaveLength(1);
    } else {
      expect(done).toBe('work/attempt-ended');
      expect(outcome).toMatchObject({ status: 'failed', actor: 'papertrail' });
      expect(attempts.map((a) => a.attempt)).toEqual(['3-a-1', '3-a-2']);
    }
    const types = await auditTypes();
    expect(
      types.filter((t) => t === 'attempt-completed').length +
        types.filter((t) => t === 'attempt-expired').length,
    ).toBe(2);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });

  it('work retry: refused until the step is failed out, then queues the next attempt once', async () => {
    // r3 holds 2-a-2 from the race above.
    const token = (read('artifacts/claims/2-a-2.json') as { token: number }).token;
    const retry = (issue: number, step = 'a') =>
      ledgerRetry(app, { issue, step, reason: 'flaky runner', actor: 'alice' });
    expect(await code(retry(2))).toBe('work/not-failed-out');
    await ledgerFinish(app, { attempt: '2-a-2', token, reason: 'tests failed' }, 'failed');
    expect(await code(retry(2, 'zz'))).toBe('work/unknown-step');
    expect(await code(retry(9))).toBe('work/no-item');
    const r = await retry(2);
    expect(r).toEqual({
      issue: 2,
      step: 'a',
      actor: 'alice',
      reason: 'flaky runner',
      failed: { attempt: '2-a-2', number: 2 },
      retry: { attempt: '2-a-3', number: 3 },
    });
    expect(await code(retry(2))).toBe('work/not-failed-out');
    expect(records().pop()).toMatchObject({
      actor: 'alice',
      type: 'attempt-retried',
      data: { attempt: '2-a-3', retryOf: '2-a-2', reason: 'flaky runner' },
    });
    expect((await ledgerSchedule(app)).attempts).toContain('2-a-3');
    expect((await ledgerClaim(app, { executor: 'r4', attempt: '2-a-3' }))?.attempt).toBe('2-a-3');
  });

  it('heartbeats, completes and expiries racing on several attempts leave one outcome each', async () => {
    fakeClock();
    // r4 claimed it above, under the default lease of 300 seconds.
    const token = (read('artifacts/claims/2-a-3.json') as { token: number }).token;
    later(3600);
    const results = await Promise.all([
      code(ledgerHeartbeat(app, { attempt: '2-a-3', token })),
      code(ledgerSchedule(app)),
      code(ledgerFinish(app, { attempt: '2-a-3', token }, 'done')),
      code(ledgerSchedule(app)),
    ]);
    expect(results[1]).toBe('ok');
    expect(results[3]).toBe('ok');
    const outcome = read('artifacts/outcomes/2-a-3.json') as { status: string; actor: string };
    // The heartbeat may land first and save the lease; then the complete lands.
    if (results[2] === 'ok') expect(outcome.status).toBe('done');
    else expect(outcome).toMatchObject({ status: 'failed', actor: 'papertrail' });
    const ends = records().filter(
      (e) => e.data.attempt === '2-a-3' && ['attempt-completed', 'attempt-expired'].includes(e.type),
    );
    expect(ends).toHaveLength(1);
    expect(ls('outcomes')).toHaveLength(4);
    // At the maximum of attempts an expired step gets no retry.
    const attempts = (read('artifacts/schedule/2.json') as { attempts: unknown[] }).attempts;
    expect(attempts).toHaveLength(3);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });
});
