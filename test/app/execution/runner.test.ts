// The executor loop with real child processes (sh -c) against the in-memory ExecutorOps: how a
// command's end is recorded, what the command is given, heartbeats, and when the loop waits or returns.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExecutor, TAIL_CHARS } from '../../../src/app/execution/runner/index.js';
import { PtError } from '../../../src/base/index.js';
import { FakeExecutorOps } from '../../helpers/fake-executor-ops.js';
import { eventLog, scratchWorkspaceEach } from '../../helpers/runner-workspace.js';

const ws = scratchWorkspaceEach();

const base = () => ({ executor: 'agent-1', leaseMs: 60_000, idleMs: 10, cwd: ws.root });

describe('runExecutor: how an attempt ends', () => {
  it('completes the attempt when the command exits 0, with its output streamed and kept', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    const log = eventLog();
    const summary = await runExecutor(ops, {
      ...base(),
      command: 'echo hello; echo careful >&2',
      once: true,
      onEvent: log.onEvent,
    });
    expect(summary).toEqual({ claimed: 1, completed: 1, failed: 0, lost: 0 });
    expect(ops.attempts[0]!.status).toBe('completed');
    expect(ops.attempts[0]!.outcome).toMatchObject({ exitCode: 0, signal: null });
    expect(ops.attempts[0]!.outcome!.output.split('\n').sort()).toEqual(['careful', 'hello']);
    expect(log.lines('stdout')).toEqual(['hello']);
    expect(log.lines('stderr')).toEqual(['careful']);
    expect(log.types().filter((t) => t !== 'output')).toEqual(['claimed', 'started', 'completed', 'stopped']);
    expect(log.events.at(-1)).toMatchObject({ type: 'stopped', why: 'once' });
  });

  it('fails the attempt on a non-zero exit, with the code and the end of the output', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(3);
    await runExecutor(ops, { ...base(), command: 'echo "tests: 2 failed"; exit 3', once: true });
    const a = ops.attempts[0]!;
    expect(a.status).toBe('failed');
    expect(a.outcome).toMatchObject({
      exitCode: 3,
      signal: null,
      reason: 'the command exited with code 3',
      output: 'tests: 2 failed',
    });
    expect(ops.calls).toEqual(['claim', 'fail #1']);
  });

  it('keeps only the end of a long output, and redacts secrets in it', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(4);
    const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    await runExecutor(ops, {
      ...base(),
      command: `i=0; while [ $i -lt 3000 ]; do echo "line $i of the build log"; i=$((i+1)); done; echo "token ${token}"; exit 1`,
      once: true,
    });
    const out = ops.attempts[0]!.outcome!.output;
    expect(out.length).toBeLessThanOrEqual(TAIL_CHARS + 100);
    expect(out.startsWith('[earlier output not kept]\n')).toBe(true);
    expect(out).toContain('line 2999 of the build log');
    expect(out).not.toContain('line 0 of');
    expect(out).not.toContain(token);
    expect(out.split('\n').at(-1)).toBe('token [REDACTED]');
  });

  it('gives the command the handoff as a JSON file and the attempt in its environment', async () => {
    const ops = new FakeExecutorOps();
    const handoff = {
      issue: 7,
      title: 'Login',
      step: 'implement',
      branch: 'req/7-login',
      note: 'ü "quoted"',
    };
    ops.queue(7, 'implement', handoff);
    const log = eventLog();
    await runExecutor(ops, {
      ...base(),
      executor: 'agent-9',
      command:
        'cat "$PAPERTRAIL_HANDOFF"; echo "$PAPERTRAIL_ATTEMPT|$PAPERTRAIL_TOKEN|$PAPERTRAIL_ISSUE|$PAPERTRAIL_STEP|$PAPERTRAIL_EXECUTOR|$PAPERTRAIL_HANDOFF|$PWD"',
      once: true,
      onEvent: log.onEvent,
    });
    const lines = log.lines('stdout');
    const env = lines.at(-1)!.split('|');
    expect(JSON.parse(lines.slice(0, -1).join('\n'))).toEqual(handoff);
    const a = ops.attempts[0]!;
    expect(env.slice(0, 5)).toEqual(['1', String(a.token), '7', 'implement', 'agent-9']);
    expect(env[5]!.startsWith(join(ws.root, '.papertrail', 'handoff-'))).toBe(true);
    expect(env[6]).toBe(ws.root);
    expect(a.status).toBe('completed');
  });

  it('renews the lease every third of it while a slow command runs', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(5);
    const log = eventLog();
    await runExecutor(ops, {
      ...base(),
      leaseMs: 90,
      command: 'sleep 0.4',
      once: true,
      onEvent: log.onEvent,
    });
    const a = ops.attempts[0]!;
    expect(a.status).toBe('completed');
    expect(a.heartbeats).toBeGreaterThanOrEqual(3);
    expect(log.types().filter((t) => t === 'heartbeat').length).toBe(a.heartbeats);
    expect(ops.calls.at(-1)).toBe('complete #1');
  });

  it('removes handoff folders a killed runner left behind', async () => {
    const gone = spawnSync('true').pid!;
    const orphan = join(ws.root, '.papertrail', `handoff-${gone}-abc123`);
    mkdirSync(orphan, { recursive: true });
    writeFileSync(join(orphan, 'handoff.json'), '{}');
    const ops = new FakeExecutorOps();
    ops.queue(6);
    await runExecutor(ops, { ...base(), command: 'true', once: true });
    expect(ops.attempts[0]!.status).toBe('completed');
  });
});

describe('runExecutor: when the loop waits and when it returns', () => {
  it('--once runs one attempt and leaves the rest queued', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(2);
    ops.queue(3);
    const s = await runExecutor(ops, { ...base(), command: 'true', once: true });
    expect(s.claimed).toBe(1);
    expect(ops.attempts.map((a) => a.status)).toEqual(['completed', 'queued']);
  });

  it('--once with nothing ready returns at once', async () => {
    const ops = new FakeExecutorOps();
    const log = eventLog();
    const s = await runExecutor(ops, { ...base(), command: 'true', once: true, onEvent: log.onEvent });
    expect(s).toEqual({ claimed: 0, completed: 0, failed: 0, lost: 0 });
    expect(log.events).toMatchObject([{ type: 'stopped', why: 'idle' }]);
  });

  it('--until-idle runs every ready attempt in order, failures included, then returns', async () => {
    const ops = new FakeExecutorOps();
    for (const n of [2, 3, 4]) ops.queue(n);
    const s = await runExecutor(ops, {
      ...base(),
      command: '[ "$PAPERTRAIL_ISSUE" != 3 ]',
      untilIdle: true,
    });
    expect(s).toEqual({ claimed: 3, completed: 2, failed: 1, lost: 0 });
    expect(ops.attempts.map((a) => a.status)).toEqual(['completed', 'failed', 'completed']);
    expect(ops.calls).toEqual(['claim', 'complete #1', 'claim', 'fail #2', 'claim', 'complete #3', 'claim']);
  });

  it('waits the idle time when nothing is ready and claims again', async () => {
    const ops = new FakeExecutorOps();
    const log = eventLog();
    let idles = 0;
    const s = await runExecutor(ops, {
      ...base(),
      idleMs: 20,
      command: 'true',
      maxAttempts: 1,
      onEvent: (e) => {
        log.onEvent(e);
        if (e.type === 'idle' && ++idles === 2) ops.queue(8);
      },
    });
    expect(s.completed).toBe(1);
    expect(log.types().filter((t) => t !== 'output')).toEqual([
      'idle',
      'idle',
      'claimed',
      'started',
      'completed',
      'stopped',
    ]);
    expect(log.events.at(-1)).toMatchObject({ why: 'max-attempts' });
    expect(log.events[0]).toEqual({ type: 'idle', waitMs: 20 });
  });

  it('refuses a lease, idle wait, timeout or name that cannot work', async () => {
    const ops = new FakeExecutorOps();
    const run = (o: object) => runExecutor(ops, { ...base(), command: 'true', ...o });
    await expect(run({ leaseMs: 0 })).rejects.toMatchObject({ code: 'work/bad-run-option', exit: 2 });
    await expect(run({ idleMs: -1 })).rejects.toMatchObject({ code: 'work/bad-run-option' });
    await expect(run({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'work/bad-run-option' });
    await expect(run({ executor: ' ' })).rejects.toMatchObject({ code: 'work/bad-run-option' });
    await expect(run({ command: '' })).rejects.toMatchObject({ code: 'work/bad-run-option' });
    expect(ops.calls).toEqual([]);
  });
});

describe('runExecutor: re-reading the plan when nothing is ready', () => {
  it('schedules at most once per interval while idle, and claims what a re-read queued', async () => {
    const ops = new FakeExecutorOps();
    const reads: number[] = [];
    ops.schedule = async () => {
      reads.push(Date.now());
      if (reads.length < 3) return 0;
      ops.queue(9, 'review');
      return 1;
    };
    const log = eventLog();
    const summary = await runExecutor(ops, {
      ...base(),
      idleMs: 10,
      rescheduleMs: 60,
      maxAttempts: 1,
      command: 'true',
      onEvent: log.onEvent,
    });
    expect(summary).toEqual({ claimed: 1, completed: 1, failed: 0, lost: 0 });
    expect(ops.attempts[0]).toMatchObject({ status: 'completed', claimed: { issue: 9 } });
    expect(reads).toHaveLength(3);
    // Bounded: never sooner than the interval after the previous re-read (timer slack allowed).
    expect(reads[1]! - reads[0]!).toBeGreaterThanOrEqual(55);
    expect(reads[2]! - reads[1]!).toBeGreaterThanOrEqual(55);
    const types = log.types().filter((t) => t !== 'output');
    expect(types[0]).toBe('scheduled');
    expect(types.filter((t) => t === 'idle').length).toBeGreaterThanOrEqual(6);
    // The re-read that queued the step is followed by its claim at once, with no wait between.
    const i = types.lastIndexOf('scheduled');
    expect(types.slice(i, i + 2)).toEqual(['scheduled', 'claimed']);
    expect(
      log.events.filter((e) => e.type === 'scheduled').map((e) => (e as { queued: number }).queued),
    ).toEqual([0, 0, 1]);
  });

  it('reports a re-read that failed and goes on waiting', async () => {
    const ops = new FakeExecutorOps();
    let reads = 0;
    ops.schedule = async () => {
      if (++reads === 1) throw new PtError('forge/unreachable', 'GitHub is unreachable', { exit: 4 });
      ops.queue(4);
      return 1;
    };
    const log = eventLog();
    await runExecutor(ops, {
      ...base(),
      idleMs: 5,
      rescheduleMs: 20,
      maxAttempts: 1,
      command: 'true',
      onEvent: log.onEvent,
    });
    expect(log.events.find((e) => e.type === 'schedule-failed')).toEqual({
      type: 'schedule-failed',
      code: 'forge/unreachable',
      message: 'GitHub is unreachable',
    });
    expect(ops.attempts[0]!.status).toBe('completed');
  });

  it('--once and --until-idle return when nothing is ready, without re-reading the plan', async () => {
    const ops = new FakeExecutorOps();
    let reads = 0;
    ops.schedule = async () => ++reads;
    await runExecutor(ops, { ...base(), command: 'true', once: true });
    await runExecutor(ops, { ...base(), command: 'true', untilIdle: true });
    expect(reads).toBe(0);
  });

  it('renews the lease at the heartbeat interval given', async () => {
    const ops = new FakeExecutorOps();
    ops.queue(5);
    await runExecutor(ops, {
      ...base(),
      leaseMs: 10_000,
      heartbeatMs: 40,
      command: 'sleep 0.45',
      once: true,
    });
    expect(ops.attempts[0]!.heartbeats).toBeGreaterThanOrEqual(5);
  });
});
