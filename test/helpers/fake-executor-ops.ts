// An in-memory ExecutorOps with the store's fencing rule: every attempt has a current token, and a
// heartbeat, complete or fail under any other token (or after the attempt ended) is refused with
// `work/stale-token` and changes nothing. Tests take an attempt away (`steal`) to play another
// executor that got it after a lease ran out.

import type { ExecutorOps, HeldAttempt, RunOutcome } from '../../src/app/execution/runner/index.js';
import { PtError } from '../../src/base/errors.js';

export interface FakeAttempt {
  claimed: HeldAttempt;
  executor: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  /** The token that may write now; a steal changes it. */
  token: number;
  heartbeats: number;
  outcome?: RunOutcome & { reason?: string };
}

export class FakeExecutorOps implements ExecutorOps {
  readonly attempts: FakeAttempt[] = [];
  /** Every call in order, as `claim`, `heartbeat #1`, `complete #1`, `fail #1`, `refused #1`. */
  readonly calls: string[] = [];
  private nextToken = 100;
  /** The idle loop's re-read of the plan, when a test gives one (queue attempts in it). */
  schedule?: () => Promise<number>;
  /** Called on every heartbeat before it is checked, so a test can act at a given beat. */
  onHeartbeat?: (a: FakeAttempt) => void;

  /** Queues an attempt for issue `issue`, step `stepKey`; claims take them in the order queued. */
  queue(issue: number, stepKey = 'implement', handoff: object = { issue, stepKey }): FakeAttempt {
    const id = this.attempts.length + 1;
    const a: FakeAttempt = {
      claimed: {
        attemptId: id,
        token: 0,
        workItemId: issue * 10,
        issue,
        stepKey,
        attemptNumber: 1,
        leaseMs: 0,
        handoff,
      },
      executor: '',
      status: 'queued',
      token: 0,
      heartbeats: 0,
    };
    this.attempts.push(a);
    return a;
  }

  /** Another executor takes the attempt over: the holder's token is stale from now on. */
  steal(a: FakeAttempt): void {
    a.token = this.nextToken++;
  }

  async claim(executor: string, leaseMs: number): Promise<HeldAttempt | null> {
    this.calls.push('claim');
    const a = this.attempts.find((x) => x.status === 'queued');
    if (!a) return null;
    a.status = 'running';
    a.executor = executor;
    a.token = this.nextToken++;
    a.claimed = { ...a.claimed, token: a.token, leaseMs };
    return a.claimed;
  }

  async heartbeat(c: HeldAttempt): Promise<void> {
    const a = this.find(c);
    this.onHeartbeat?.(a);
    this.fence(a, c, 'heartbeat');
    a.heartbeats++;
  }

  async complete(c: HeldAttempt, r: RunOutcome): Promise<void> {
    const a = this.find(c);
    this.fence(a, c, 'complete');
    a.status = 'completed';
    a.outcome = r;
  }

  async fail(c: HeldAttempt, r: RunOutcome & { reason: string }): Promise<void> {
    const a = this.find(c);
    this.fence(a, c, 'fail');
    a.status = 'failed';
    a.outcome = r;
  }

  private find(c: HeldAttempt): FakeAttempt {
    const a = this.attempts[Number(c.attemptId) - 1];
    if (!a) throw new Error(`no attempt ${c.attemptId}`);
    return a;
  }

  private fence(a: FakeAttempt, c: HeldAttempt, what: string): void {
    if (a.status === 'running' && a.token === c.token) {
      this.calls.push(`${what} #${c.attemptId}`);
      return;
    }
    this.calls.push(`refused ${what} #${c.attemptId}`);
    throw new PtError('work/stale-token', `Attempt ${c.attemptId} was claimed under another token`, {
      hint: 'Another executor holds this attempt now; claim a new one.',
      exit: 3,
    });
  }
}
