import { afterEach, describe, expect, it } from 'vitest';
import { executorOps, runExecutor, workList, workSchedule } from '../../../src/app/execution/index.js';
import { OUTPUT_CHARS } from '../../../src/app/execution/step-output.js';
import { validArtifact } from './artifact-schema.js';
import { artifacts, backendsAvailable, type Planned, planned } from './workspace.js';

// The executor loop's four steps on the engine and a real store: what the loop is handed, and what
// the engine keeps of the command's output.
const names = await backendsAvailable('executor ops');

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { code?: string }) => e.code,
  );

describe.each(names)('executorOps on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('an idle executor schedules the plan itself: nothing queued yet, then the first step run', async () => {
    p = await planned(backend);
    const events: string[] = [];
    const summary = await runExecutor(executorOps(p.app), {
      executor: 'agent-1',
      command: 'true',
      leaseMs: 60_000,
      idleMs: 10,
      rescheduleMs: 60_000,
      maxAttempts: 1,
      cwd: p.repo,
      onEvent: (e) => events.push(e.type === 'scheduled' ? `scheduled ${e.queued}` : e.type),
    });
    expect(summary).toMatchObject({ claimed: 1, completed: 1 });
    expect(events.slice(0, 3)).toEqual(['scheduled 2', 'claimed', 'started']);
    const rows = await workList(p.app);
    expect(rows.find((r) => r.issue === 2)).toMatchObject({ step: 'implement' });
  });

  it('maps a claim to the held attempt, and fences heartbeat, complete and fail by its token', async () => {
    p = await planned(backend);
    await workSchedule(p.app);
    const ops = executorOps(p.app);
    const a = await ops.claim('agent-1', 60_000);
    const b = await ops.claim('agent-2', 90_000);
    expect(a).toMatchObject({
      attemptId: 1,
      issue: 2,
      stepKey: 'runbook',
      attemptNumber: 1,
      leaseMs: 60_000,
    });
    expect(a!.workItemId).toBeGreaterThan(0);
    expect(a!.handoff).toMatchObject({ issue: 2, step: 'runbook', branch: 'implement/issue-2-auto-scaling' });
    expect(b).toMatchObject({ issue: 3, stepKey: 'runbook', leaseMs: 90_000 });
    expect(await ops.claim('agent-3', 60_000)).toBeNull();

    await ops.heartbeat(a!);
    expect(await code(ops.heartbeat({ ...a!, token: b!.token }))).toBe('work/stale-token');

    const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    const ran = { exitCode: 0, signal: null, durationMs: 5 };
    await ops.complete(a!, { ...ran, output: `wrote the runbook\nwith ${token}\n` });
    const long = `${'x'.repeat(OUTPUT_CHARS)}\nthe build broke here`;
    await ops.fail(b!, { ...ran, exitCode: 2, reason: 'the command exited with code 2', output: long });
    expect(await code(ops.complete(a!, { ...ran, output: '' }))).toBe('work/stale-token');

    const all = await artifacts(p.app);
    for (const x of all) expect(validArtifact(x), JSON.stringify(validArtifact.errors)).toBe(true);
    const done = all.find((x) => x.eventType === 'attempt-completed')!;
    expect(done.outcome).toBe('step runbook done\n\noutput (end):\nwrote the runbook\nwith [REDACTED]');
    const failed = all.find((x) => x.eventType === 'attempt-failed')!;
    const outcome = failed.outcome as string;
    expect(outcome.startsWith('failed: the command exited with code 2\n\noutput (end):\n')).toBe(true);
    expect(outcome.endsWith('\nthe build broke here')).toBe(true);
    expect(outcome).toContain('[earlier output not kept]');
    expect(outcome.length).toBeLessThan(OUTPUT_CHARS + 200);
  });

  it('runs the loop on the engine: a step command that exits 0 completes the step', async () => {
    p = await planned(backend);
    await workSchedule(p.app);
    const summary = await runExecutor(executorOps(p.app), {
      executor: 'agent-1',
      command: 'echo "step $PAPERTRAIL_STEP of #$PAPERTRAIL_ISSUE"',
      leaseMs: 30_000,
      idleMs: 0,
      once: true,
      cwd: p.repo,
    });
    expect(summary).toMatchObject({ claimed: 1, completed: 1, failed: 0, lost: 0 });
    expect((await workList(p.app))[0]).toMatchObject({ issue: 2, step: 'implement', stepState: 'queued' });
    const done = (await artifacts(p.app)).find((x) => x.eventType === 'attempt-completed')!;
    expect(done.outcome).toBe('step runbook done\n\noutput (end):\nstep runbook of #2');
  });
});
