import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  workClaim,
  workComplete,
  workFail,
  workHeartbeat,
  workList,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { validArtifact } from './artifact-schema.js';
import { artifacts, auditLength, backendsAvailable, type Planned, planned } from './workspace.js';

// Each step opens the workspace store, as a command does: on PGlite that is a start-up per step,
// which on a busy machine takes these walk-throughs past the default timeout.
vi.setConfig({ testTimeout: 120_000 });

const names = await backendsAvailable('work claim');

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { code?: string }) => e.code,
  );

describe.each(names)('claim, heartbeat, complete, fail on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('claims a named attempt: racing claimers of it, one wins and the others are refused', async () => {
    p = await planned(backend);
    const s = await workSchedule(p.app);
    const [first, second] = s.attempts as number[];
    const racers = await Promise.all(
      ['a', 'b', 'c'].map((x) =>
        workClaim(p.app, { executor: `racer-${x}`, attempt: second! }).then(
          (c) => `won ${c!.attempt}`,
          (e: { code?: string }) => e.code,
        ),
      ),
    );
    expect(racers.sort()).toEqual([`won ${second}`, 'work/already-claimed', 'work/already-claimed']);
    expect(await code(workClaim(p.app, { executor: 'x', attempt: 9999 }))).toBe('work/no-attempt');
    // The one not named is still there for the next claimer in schedule order.
    expect((await workClaim(p.app, { executor: 'next' }))?.attempt).toBe(first);
  });

  it('hands out one attempt per executor in schedule order and moves the item on when it completes', async () => {
    p = await planned(backend);
    await workSchedule(p.app);
    const a1 = await workClaim(p.app, { executor: 'agent-1' });
    const a2 = await workClaim(p.app, { executor: 'agent-2' });
    expect(await workClaim(p.app, { executor: 'agent-3' })).toBeNull();
    expect(a1?.handoff).toMatchObject({
      issue: 2,
      title: 'Auto-Scaling',
      requirement: 'SPEC-0001/REQ-001',
      step: 'runbook',
      branch: 'implement/issue-2-auto-scaling',
      attemptNumber: 1,
    });
    expect(a2?.handoff).toMatchObject({ issue: 3, step: 'runbook' });
    expect(a1!.token).not.toBe(a2!.token);

    const rows = await workList(p.app);
    expect(rows[0]).toMatchObject({ issue: 2, executor: 'agent-1', stepState: 'running' });
    expect(rows[0]!.leaseExpiresAt).toBe(a1!.leaseExpiresAt);

    // A stale token writes nothing.
    const before = await auditLength(p.app);
    expect(await code(workHeartbeat(p.app, { attempt: a1!.attempt, token: a2!.token }))).toBe(
      'work/stale-token',
    );
    expect(await code(workComplete(p.app, { attempt: a1!.attempt, token: a2!.token }))).toBe(
      'work/stale-token',
    );
    expect(await auditLength(p.app)).toBe(before);
    const hb = await workHeartbeat(p.app, { attempt: a1!.attempt, token: a1!.token, leaseSeconds: 600 });
    expect(Date.parse(hb.leaseExpiresAt)).toBeGreaterThan(Date.parse(a1!.leaseExpiresAt));

    const c1 = await workComplete(p.app, {
      attempt: a1!.attempt,
      token: a1!.token,
      summary: 'runbook written',
    });
    expect(c1).toMatchObject({ issue: 2, step: 'runbook', gates: [], finished: [] });
    expect(c1.queued.map((q) => [q.issue, q.step])).toEqual([[2, 'implement']]);
    // Completing twice is refused: the token died with the first completion.
    expect(await code(workComplete(p.app, { attempt: a1!.attempt, token: a1!.token }))).toBe(
      'work/stale-token',
    );

    const impl = await workClaim(p.app, { executor: 'agent-1' });
    expect(impl?.handoff).toMatchObject({ issue: 2, step: 'implement' });
    await workComplete(p.app, { attempt: impl!.attempt, token: impl!.token });
    const review = await workClaim(p.app, { executor: 'agent-1' });
    const rc = await workComplete(p.app, { attempt: review!.attempt, token: review!.token });
    expect(rc.gates).toEqual([
      { key: 'review', status: 'pending' },
      { key: 'ci', status: 'pending' },
    ]);
    expect(rc.queued).toEqual([]);
    expect((await workList(p.app))[0]).toMatchObject({ step: 'review', stepState: 'gate' });

    const f = await workFail(p.app, {
      attempt: a2!.attempt,
      token: a2!.token,
      reason: 'no access',
      exitCode: 2,
    });
    expect(f.retry).not.toBeNull();
    expect(Date.parse(f.retry!.notBefore)).toBeGreaterThan(Date.now());
    // The retry waits out its backoff.
    expect(await workClaim(p.app, { executor: 'agent-2' })).toBeNull();

    const all = await artifacts(p.app);
    expect(all.map((a) => [a.eventType, (a.step as { key: string }).key, a.workItemId])).toEqual([
      ['attempt-started', 'runbook', 'issue-2'],
      ['attempt-started', 'runbook', 'issue-3'],
      ['attempt-completed', 'runbook', 'issue-2'],
      ['attempt-started', 'implement', 'issue-2'],
      ['attempt-completed', 'implement', 'issue-2'],
      ['attempt-started', 'review', 'issue-2'],
      ['attempt-completed', 'review', 'issue-2'],
      ['attempt-failed', 'runbook', 'issue-3'],
    ]);
    for (const a of all) expect(validArtifact(a), JSON.stringify(validArtifact.errors)).toBe(true);
    expect(all[2]).toMatchObject({ outcome: 'runbook written', nextAction: 'start step implement' });
  });

  it('a lease that runs out is expired at the next claim: the attempt fails and a retry is queued', async () => {
    p = await planned(backend);
    await workSchedule(p.app);
    const a = await workClaim(p.app, { executor: 'dead', leaseSeconds: 0.001 });
    await new Promise((r) => setTimeout(r, 20));
    const b = await workClaim(p.app, { executor: 'alive' });
    expect(b?.handoff).toMatchObject({ issue: 3 });
    expect(await code(workComplete(p.app, { attempt: a!.attempt, token: a!.token }))).toBe(
      'work/stale-token',
    );
    const failed = (await artifacts(p.app)).find((x) => x.eventType === 'attempt-failed');
    expect(failed).toMatchObject({ actor: 'dead', outcome: 'failed: the lease expired (no heartbeat)' });
    const row = (await workList(p.app))[0]!;
    expect(row.attempt).toMatchObject({ number: 2, status: 'queued' });
  });
});
