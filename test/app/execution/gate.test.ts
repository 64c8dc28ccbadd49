import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideGateOf,
  type GateArgs,
  workClaim,
  workComplete,
  workList,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { type App, openApp } from '../../../src/app/kernel/index.js';
import { cli } from '../../helpers/cli.js';
import { validArtifact } from './artifact-schema.js';
import { artifacts, backendsAvailable, openItemPullRequest, type Planned, planned } from './workspace.js';

const names = await backendsAvailable('gate decisions');

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { code?: string }) => e.code,
  );

/** Claims the next ready step as `executor` and completes it; returns which it was. */
async function step(app: App, executor: string): Promise<string> {
  const c = await workClaim(app, { executor });
  if (!c) throw new Error('nothing to claim');
  await workComplete(app, { attempt: c.attempt, token: c.token });
  return `#${c.handoff.issue} ${c.handoff.step}`;
}

const decide = (app: App, a: Omit<GateArgs, 'reason'> & { reason?: string }) =>
  decideGateOf(app, { reason: 'checked', ...a });

describe.each(names)('gates on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('four eyes, rework from the re-entry step, and integration that unblocks the dependent', async () => {
    p = await planned(backend);
    const app = p.app;
    await workSchedule(app);
    // Claims follow the schedule's order: rank, then issue, then step order.
    expect(await step(app, 'agent-1')).toBe('#2 runbook');
    expect(await step(app, 'agent-1')).toBe('#2 implement');
    expect(await code(decide(app, { issue: 2, gate: 'review', decision: 'approve', reviewer: 'lead' }))).toBe(
      'gate/not-open',
    );
    expect(await step(app, 'agent-2')).toBe('#2 review');

    expect(await code(decide(app, { issue: 2, gate: 'nope', decision: 'approve', reviewer: 'lead' }))).toBe(
      'gate/unknown-gate',
    );
    expect(await code(decide(app, { issue: 9, gate: 'review', decision: 'approve', reviewer: 'lead' }))).toBe(
      'gate/no-item',
    );
    // Both executors did work on #2: neither may approve it.
    for (const reviewer of ['agent-1', 'agent-2'])
      expect(await code(decide(app, { issue: 2, gate: 'review', decision: 'approve', reviewer }))).toBe(
        'gate/four-eyes',
      );
    expect(
      await code(
        decide(app, { issue: 2, gate: 'ci', decision: 'reject', reviewer: 'lead', reentryStep: 'integrate' }),
      ),
    ).toBe('gate/bad-reentry');

    const ok = await decide(app, {
      issue: 2,
      gate: 'review',
      decision: 'approve',
      reviewer: 'lead',
      reason: 'LGTM',
    });
    expect(ok).toMatchObject({ decision: 'approve', queued: [], finished: [] });
    expect(await code(decide(app, { issue: 2, gate: 'review', decision: 'approve', reviewer: 'lead' }))).toBe(
      'gate/already-decided',
    );
    const no = await decide(app, {
      issue: 2,
      gate: 'ci',
      decision: 'reject',
      reviewer: 'lead',
      reason: 'no rollback',
      reentryStep: 'implement',
    });
    expect(no.rework).toEqual(['implement', 'review']);
    expect(no.queued.map((q) => q.step)).toEqual(['implement']);
    expect((await workList(app))[0]).toMatchObject({
      step: 'implement',
      attempt: { number: 2, status: 'queued' },
    });

    // The rework goes through review again; a fresh attempt opens fresh gates.
    expect(await step(app, 'agent-1')).toBe('#2 implement');
    expect(await step(app, 'agent-2')).toBe('#2 review');
    for (const gate of ['review', 'ci'])
      await decide(app, { issue: 2, gate, decision: 'approve', reviewer: 'lead' });
    await openItemPullRequest(p, 2);
    const integrate = await workClaim(app, { executor: 'agent-1' });
    expect(integrate?.handoff).toMatchObject({ issue: 2, step: 'integrate' });
    const two = await workComplete(app, { attempt: integrate!.attempt, token: integrate!.token });
    // #4 still waits for #3.
    expect(two).toMatchObject({ finished: [2], queued: [] });

    expect(await step(app, 'agent-2')).toBe('#3 runbook');
    expect(await step(app, 'agent-2')).toBe('#3 implement');
    expect(await step(app, 'agent-1')).toBe('#3 review');
    for (const gate of ['review', 'ci'])
      await decide(app, { issue: 3, gate, decision: 'approve', reviewer: 'lead' });
    await openItemPullRequest(p, 3);
    const last = await workClaim(app, { executor: 'agent-1' });
    expect(last?.handoff).toMatchObject({ issue: 3, step: 'integrate' });
    const done = await workComplete(app, { attempt: last!.attempt, token: last!.token });
    expect(done.finished).toEqual([3]);
    expect(done.queued.map((q) => [q.issue, q.step])).toEqual([[4, 'runbook']]);
    expect((await workList(app)).map((r) => [r.issue, r.status])).toEqual([
      [2, 'done'],
      [3, 'done'],
      [4, 'active'],
    ]);

    const all = await artifacts(app);
    for (const a of all) expect(validArtifact(a), JSON.stringify(validArtifact.errors)).toBe(true);
    const kinds = all.filter((a) => a.workItemId === 'issue-2').map((a) => String(a.eventType));
    expect(
      kinds.filter((k) => k.startsWith('gate-') || k === 'attempt-rejected' || k === 'baseline-integration'),
    ).toEqual([
      'gate-approved',
      'gate-rejected',
      'attempt-rejected',
      'gate-approved',
      'gate-approved',
      'baseline-integration',
    ]);
    expect(all.find((a) => a.eventType === 'gate-rejected')).toMatchObject({
      actor: 'lead',
      outcome: 'gate ci rejected: no rollback',
      nextAction: 'rework from step implement',
    });
    expect(all.find((a) => a.eventType === 'baseline-integration')).toMatchObject({
      baselineIntegration: 'post',
      outcome: expect.stringMatching(/^integrated: pull request #\d+ \(merge [0-9a-f]{40}\)$/),
    });
    // The integrate step merged the pull requests into main, as pr merge does.
    const log = execFileSync('git', ['log', '--format=%s', 'main'], { cwd: p.repo, encoding: 'utf8' });
    expect(log.match(/^Merge pull request #\d+ from /gm)).toHaveLength(2);
  }, 120_000);

  it('the governance gate passes on the accepted runbook, never on a person’s approval', async () => {
    p = await planned(backend);
    appendFileSync(join(p.repo, 'papertrail.yaml'), 'governance:\n  runbooks: required\n');
    const app = openApp(p.repo, { ...process.env, ...p.env, PAPERTRAIL_TODAY: '2026-11-23' });
    const s = await workSchedule(app);
    expect(s.workflow).toBe('wf-requirement-governed@1.0.0');
    expect(await step(app, 'agent-1')).toBe('#2 runbook');
    const row = (await workList(app))[0]!;
    expect(row).toMatchObject({
      step: 'runbook',
      stepState: 'gate',
      gates: [{ key: 'governance', status: 'pending' }],
    });
    expect(
      await code(decide(app, { issue: 2, gate: 'governance', decision: 'approve', reviewer: 'lead' })),
    ).toBe('gate/panel-only');
    for (const args of [
      ['runbook', 'new', 'ISSUE-2'],
      ['runbook', 'accept', 'ISSUE-2', '--override', 'accepted for the test'],
    ]) {
      const r = cli(args, { cwd: p.repo, env: p.env });
      expect(r.code, r.stderr).toBe(0);
    }
    const again = await workSchedule(app);
    expect(again.schedule.launch.map((l) => [l.issue, l.step])).toEqual([
      [2, 'implement'],
      [3, 'runbook'],
    ]);
    expect((await workList(app))[0]).toMatchObject({ step: 'implement' });
  }, 120_000);
});
