import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workClaim, workFail, workRetry, workSchedule } from '../../../src/app/execution/index.js';
import { type App, openApp, withStore } from '../../../src/app/kernel/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { cli } from '../../helpers/cli.js';
import { backendsAvailable, type Planned, planned } from './workspace.js';

// The retry policy from papertrail.yaml (a failure and an expired lease both retry up to its
// maximum), and `work retry`: a person's new attempt for a step held after its last retry failed.

const names = await backendsAvailable('work retry');

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { code?: string }) => e.code,
  );

/** The planned workspace with `execution` settings appended to its papertrail.yaml, opened again. */
function withSettings(p: Planned, yaml: string): App {
  appendFileSync(join(p.repo, 'papertrail.yaml'), yaml);
  return openApp(p.repo, { ...process.env, ...p.env, PAPERTRAIL_TODAY: '2026-11-23' });
}

const audit = (app: App) => withStore(app, (s) => readAudit(s.x));

describe.each(names)('retries on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('retries by the settings, holds the step past them, and a person queues it again', async () => {
    p = await planned(backend);
    const app = withSettings(
      p,
      'execution:\n  retry:\n    maxAttempts: 2\n    backoffMs: 0\n    maxBackoffMs: 0\n',
    );
    await workSchedule(app);
    const a1 = (await workClaim(app, { executor: 'agent-1' }))!;
    expect(a1.handoff).toMatchObject({ issue: 2, step: 'runbook', attemptNumber: 1 });
    const f1 = await workFail(app, { attempt: a1.attempt, token: a1.token, reason: 'flaky runner' });
    // No backoff set: the retry can be claimed at once.
    expect(f1.retry).not.toBeNull();
    expect(Date.parse(f1.retry!.notBefore)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await code(workRetry(app, { issue: 2, step: 'runbook', reason: 'again', actor: 'lead' }))).toBe(
      'work/not-failed-out',
    );

    // The second attempt's lease runs out: expiry fails it, and with the maximum reached queues nothing.
    const a2 = (await workClaim(app, { executor: 'agent-1', leaseSeconds: 0.05 }))!;
    expect(a2.handoff).toMatchObject({ issue: 2, step: 'runbook', attemptNumber: 2 });
    await new Promise((r) => setTimeout(r, 150));
    const other = (await workClaim(app, { executor: 'agent-2' }))!;
    expect(other.handoff).toMatchObject({ issue: 3, step: 'runbook' });
    const expired = (await audit(app)).filter((r) => r.type === 'attempt-expired');
    expect(expired.map((r) => r.data)).toMatchObject([{ attempt: a2.attempt, retry: null }]);
    expect(await workClaim(app, { executor: 'agent-3' })).toBeNull();

    const refusals = await Promise.all([
      code(workRetry(app, { issue: 2, step: 'deploy', reason: 'x' })),
      code(workRetry(app, { issue: 99, step: 'runbook', reason: 'x' })),
      code(workRetry(app, { issue: 2, step: 'review', reason: 'x' })),
      code(workRetry(app, { issue: 3, step: 'runbook', reason: 'x' })),
      code(workRetry(app, { issue: 2, step: 'runbook', reason: '  ' })),
    ]);
    expect(refusals).toEqual([
      'work/unknown-step',
      'work/no-item',
      'work/not-failed-out',
      'work/not-failed-out',
      'usage/empty-text',
    ]);

    const r = await workRetry(app, { issue: 2, step: 'runbook', reason: 'runner fixed', actor: 'lead' });
    expect(r).toMatchObject({
      issue: 2,
      step: 'runbook',
      actor: 'lead',
      reason: 'runner fixed',
      failed: { attempt: a2.attempt, number: 2 },
      retry: { number: 3 },
    });
    const retried = (await audit(app)).filter((x) => x.type === 'attempt-retried');
    expect(retried).toMatchObject([
      {
        actor: 'lead',
        data: { step: 'runbook', attempt: r.retry.attempt, retryOf: a2.attempt, reason: 'runner fixed' },
      },
    ]);
    const a3 = (await workClaim(app, { executor: 'agent-3' }))!;
    expect(a3).toMatchObject({ attempt: r.retry.attempt, handoff: { issue: 2, attemptNumber: 3 } });
    // A second retry of the same step while it runs is refused.
    expect(await code(workRetry(app, { issue: 2, step: 'runbook', reason: 'x' }))).toBe(
      'work/not-failed-out',
    );

    // On the command line: refused with exit 3 and its code; a held step retried with --json.
    const refused = cli(['work', 'retry', '2', 'runbook', '--reason', 'x', '--json'], {
      cwd: p.repo,
      env: p.env,
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr + refused.stdout).toContain('work/not-failed-out');
    await workFail(app, { attempt: other.attempt, token: other.token, reason: 'broke' });
    const b = (await workClaim(app, { executor: 'agent-2' }))!;
    expect(b.handoff).toMatchObject({ issue: 3, attemptNumber: 2 });
    await workFail(app, { attempt: b.attempt, token: b.token, reason: 'broke again' });
    const ok = cli(['work', 'retry', '3', 'runbook', '--reason', 'fixed', '--actor', 'lead', '--json'], {
      cwd: p.repo,
      env: p.env,
    });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      issue: 3,
      step: 'runbook',
      actor: 'lead',
      failed: { attempt: b.attempt, number: 2 },
      retry: { number: 3 },
    });
  }, 180_000);
});
