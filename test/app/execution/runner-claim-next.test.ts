// The executor loop when its ops complete and claim in one call: it claims no more than it may run,
// and an attempt claimed by the completion that ran as the executor was stopped is failed at once.
import { describe, expect, it } from 'vitest';
import {
  type HeldAttempt,
  type RunOutcome,
  runExecutor,
  STOPPED_REASON,
} from '../../../src/app/execution/runner/index.js';
import { FakeExecutorOps } from '../../helpers/fake-executor-ops.js';
import { scratchWorkspaceEach } from '../../helpers/runner-workspace.js';

const ws = scratchWorkspaceEach();

/** Completes, then claims as claim does, in one call; `completed` runs between the two. */
class ClaimingOps extends FakeExecutorOps {
  completed?: () => void;
  async completeAndClaim(c: HeldAttempt, r: RunOutcome, executor: string, leaseMs: number) {
    await this.complete(c, r);
    this.completed?.();
    return { next: await this.claim(executor, leaseMs) };
  }
}

const base = () => ({ executor: 'agent-1', leaseMs: 60_000, idleMs: 10, cwd: ws.root, command: 'true' });

describe('runExecutor with completeAndClaim', () => {
  it('runs what each completion claimed, and claims nothing past the most attempts', async () => {
    const ops = new ClaimingOps();
    for (const issue of [1, 2, 3, 4]) ops.queue(issue);
    const summary = await runExecutor(ops, { ...base(), maxAttempts: 3 });
    expect(summary).toEqual({ claimed: 3, completed: 3, failed: 0, lost: 0 });
    expect(ops.calls).toEqual(['claim', 'complete #1', 'claim', 'complete #2', 'claim', 'complete #3']);
    expect(ops.attempts[3]!.status).toBe('queued');
  });

  it('claims on its own again once a completion found nothing ready', async () => {
    const ops = new ClaimingOps();
    ops.queue(1);
    const summary = await runExecutor(ops, { ...base(), untilIdle: true });
    expect(summary).toEqual({ claimed: 1, completed: 1, failed: 0, lost: 0 });
    expect(ops.calls).toEqual(['claim', 'complete #1', 'claim']);
  });

  it('fails at once an attempt its completion claimed as the executor was stopped', async () => {
    const ops = new ClaimingOps();
    for (const issue of [1, 2, 3]) ops.queue(issue);
    const stop = new AbortController();
    ops.completed = () => stop.abort();
    const summary = await runExecutor(ops, { ...base(), signal: stop.signal });
    expect(summary).toEqual({ claimed: 2, completed: 1, failed: 1, lost: 0 });
    expect(ops.calls).toEqual(['claim', 'complete #1', 'claim', 'fail #2']);
    expect(ops.attempts[1]!.outcome).toMatchObject({ reason: STOPPED_REASON });
    expect(ops.attempts[2]!.status).toBe('queued');
  });
});
