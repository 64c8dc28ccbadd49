// The executor loop ending a command itself: another executor has the attempt (stale token), the
// store is unreachable for the whole lease, the runner is told to stop, the command's deadline. Real
// child processes; each command would run for seconds if it were not ended.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExecutor, STOPPED_REASON } from '../../../src/app/execution/runner/index.js';
import { PtError } from '../../../src/base/errors.js';
import { FakeExecutorOps } from '../../helpers/fake-executor-ops.js';
import { alive, eventLog, scratchWorkspaceEach } from '../../helpers/runner-workspace.js';

const ws = scratchWorkspaceEach();

const base = () => ({ executor: 'agent-1', leaseMs: 60_000, idleMs: 10, cwd: ws.root, killGraceMs: 2_000 });
// A shell that starts a long sleep in the background and waits for it: stopping the shell alone
// would leave the sleep running, so its pid shows whether the whole process group was ended.
const SLOW = 'sleep 5 & echo $! > sleep.pid; wait';
const sleepPid = () => Number(readFileSync(join(ws.root, 'sleep.pid'), 'utf8'));

describe('runExecutor: ending the command', () => {
  it('kills the command and records nothing when a heartbeat finds the token stale', async () => {
    const ops = new FakeExecutorOps();
    const a = ops.queue(2);
    ops.onHeartbeat = (x) => {
      if (x.heartbeats === 1) ops.steal(x);
    };
    const log = eventLog();
    const t0 = Date.now();
    const s = await runExecutor(ops, {
      ...base(),
      leaseMs: 600,
      command: SLOW,
      once: true,
      onEvent: log.onEvent,
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(s).toEqual({ claimed: 1, completed: 0, failed: 0, lost: 1 });
    expect(a.status).toBe('running');
    expect(ops.calls).toEqual(['claim', 'heartbeat #1', 'refused heartbeat #1']);
    expect(log.events).toContainEqual(expect.objectContaining({ type: 'terminating', why: 'stale-token' }));
    expect(log.events).toContainEqual(expect.objectContaining({ type: 'lost', why: 'stale-token' }));
    expect(await alive(sleepPid())).toBe(false);
  });

  it('does not count a command that finished as done when the completion is refused', async () => {
    const ops = new FakeExecutorOps();
    const a = ops.queue(2);
    const log = eventLog();
    const s = await runExecutor(ops, {
      ...base(),
      command: 'true',
      once: true,
      onEvent: (e) => {
        log.onEvent(e);
        if (e.type === 'started') ops.steal(a);
      },
    });
    expect(s.lost).toBe(1);
    expect(a.status).toBe('running');
    expect(ops.calls).toEqual(['claim', 'refused complete #1']);
    expect(log.events.at(-2)).toMatchObject({ type: 'lost', why: 'stale-token' });
  });

  it('records nothing when a heartbeat under way as the command ends finds the token stale', async () => {
    const ops = new FakeExecutorOps();
    const a = ops.queue(2);
    const beat = ops.heartbeat.bind(ops);
    ops.heartbeat = async (c) => {
      await new Promise((r) => setTimeout(r, 150));
      ops.steal(a);
      return beat(c);
    };
    const log = eventLog();
    const s = await runExecutor(ops, {
      ...base(),
      leaseMs: 60,
      command: 'sleep 0.05',
      once: true,
      onEvent: log.onEvent,
    });
    expect(s.lost).toBe(1);
    expect(ops.calls).toEqual(['claim', 'refused heartbeat #1']);
    expect(log.types()).toEqual(['claimed', 'started', 'lost', 'stopped']);
  });

  it('gives the attempt up when no heartbeat gets through for a whole lease', async () => {
    const ops = new FakeExecutorOps();
    const a = ops.queue(2);
    ops.onHeartbeat = () => {
      throw new PtError('store/unreachable', 'connection refused', { exit: 4 });
    };
    const log = eventLog();
    const s = await runExecutor(ops, {
      ...base(),
      leaseMs: 60,
      command: SLOW,
      once: true,
      onEvent: log.onEvent,
    });
    expect(s.lost).toBe(1);
    expect(a.status).toBe('running');
    const failedBeats = log.events.filter((e) => e.type === 'heartbeat-failed');
    expect(failedBeats.length).toBeGreaterThanOrEqual(2);
    expect(failedBeats[0]).toMatchObject({ code: 'store/unreachable', message: 'connection refused' });
    expect(log.events).toContainEqual(expect.objectContaining({ type: 'lost', why: 'lease-lost' }));
    expect(await alive(sleepPid())).toBe(false);
  });

  it('on stop, ends the command, fails its attempt as stopped and claims nothing more', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    ops.queue(3);
    const stop = new AbortController();
    const log = eventLog();
    const t0 = Date.now();
    const s = await runExecutor(ops, {
      ...base(),
      command: SLOW,
      signal: stop.signal,
      onEvent: (e) => {
        log.onEvent(e);
        if (e.type === 'started') setTimeout(() => stop.abort(), 100);
      },
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(s).toEqual({ claimed: 1, completed: 0, failed: 1, lost: 0 });
    expect(ops.attempts.map((a) => a.status)).toEqual(['failed', 'queued']);
    expect(ops.attempts[0]!.outcome).toMatchObject({ reason: STOPPED_REASON, signal: 'SIGTERM' });
    expect(log.events.at(-1)).toMatchObject({ type: 'stopped', why: 'signal' });
    expect(await alive(sleepPid())).toBe(false);
  });

  it('on stop while waiting for work, returns without waiting out the idle time', async () => {
    const ops = new FakeExecutorOps();
    const stop = new AbortController();
    const t0 = Date.now();
    const s = await runExecutor(ops, {
      ...base(),
      idleMs: 60_000,
      command: 'true',
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'idle') setTimeout(() => stop.abort(), 20);
      },
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(s.claimed).toBe(0);
    expect(ops.calls).toEqual(['claim']);
  });

  it('fails an attempt claimed just as the stop came, without running its command', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    const stop = new AbortController();
    const claim = ops.claim.bind(ops);
    ops.claim = async (executor, leaseMs) => {
      const c = await claim(executor, leaseMs);
      stop.abort();
      return c;
    };
    const log = eventLog();
    await runExecutor(ops, { ...base(), command: 'touch ran', signal: stop.signal, onEvent: log.onEvent });
    expect(ops.attempts[0]!.outcome).toMatchObject({ reason: STOPPED_REASON, exitCode: null, output: '' });
    expect(log.types()).toEqual(['claimed', 'failed', 'stopped']);
    expect(() => readFileSync(join(ws.root, 'ran'))).toThrow();
  });

  it('ends a command past its deadline and fails the attempt, then goes on', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    ops.queue(3);
    const s = await runExecutor(ops, {
      ...base(),
      command: '[ "$PAPERTRAIL_ISSUE" = 3 ] || sleep 5',
      timeoutMs: 200,
      untilIdle: true,
    });
    expect(s).toEqual({ claimed: 2, completed: 1, failed: 1, lost: 0 });
    expect(ops.attempts[0]!.outcome).toMatchObject({ reason: 'timed out after 0.2s', signal: 'SIGTERM' });
    expect(ops.attempts[1]!.status).toBe('completed');
  });

  it('kills a command that ignores SIGTERM once the grace period is over', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    const t0 = Date.now();
    await runExecutor(ops, {
      ...base(),
      killGraceMs: 150,
      command: "trap '' TERM; sleep 5 & echo $! > sleep.pid; wait",
      timeoutMs: 100,
      once: true,
    });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(ops.attempts[0]!.outcome).toMatchObject({ reason: 'timed out after 0.1s', signal: 'SIGKILL' });
    expect(await alive(sleepPid())).toBe(false);
  });
});

describe('runExecutor: a workspace it cannot write to', () => {
  it('fails the attempt and stops when the handoff file cannot be written', async () => {
    // A file where the .papertrail folder should be.
    writeFileSync(join(ws.root, '.papertrail'), 'not a folder');
    const ops = new FakeExecutorOps();
    ops.queue(2);
    ops.queue(3);
    await expect(runExecutor(ops, { ...base(), command: 'touch ran' })).rejects.toMatchObject({
      code: 'work/handoff-unwritable',
      exit: 4,
    });
    expect(ops.attempts.map((a) => a.status)).toEqual(['failed', 'queued']);
    expect(ops.attempts[0]!.outcome!.reason).toMatch(/^the handoff file could not be written: /);
    expect(() => readFileSync(join(ws.root, 'ran'))).toThrow();
  });
});
