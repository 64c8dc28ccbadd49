import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideGateOf,
  workClaim,
  workComplete,
  workList,
  workSchedule,
} from '../../../src/app/execution/index.js';
import { type App, withStore } from '../../../src/app/kernel/index.js';
import { runCheck } from '../../../src/app/workflow/index.js';
import { readAudit } from '../../../src/ports/store/index.js';
import { validArtifact } from './artifact-schema.js';
import { artifacts, backendsAvailable, type Planned, planned, withForge } from './workspace.js';

// The ci gate decided by the checks of the item's pull request, recorded with `checks run` on the
// local forge: a pass lets the item on to integration, a failure sends it back to implement.

const names = await backendsAvailable('ci gate from checks');

async function step(
  app: App,
  executor: string,
): Promise<{ issue: number; step: string; branch: string | null }> {
  const c = await workClaim(app, { executor });
  if (!c) throw new Error('nothing to claim');
  await workComplete(app, { attempt: c.attempt, token: c.token });
  return { issue: c.handoff.issue, step: c.handoff.step, branch: c.handoff.branch };
}

/** A pull request from the item's branch (made from main, with one commit), as implement would. */
async function pullRequestFor(p: Planned, branch: string): Promise<number> {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: p.repo, encoding: 'utf8' }).trim();
  git('branch', branch, 'main');
  const pr = await withForge(p.app, (f) =>
    f.createPullRequest({ title: branch, body: '', head: branch, base: 'main', draft: false }),
  );
  return pr.number;
}

const ciGate = async (app: App, issue: number) =>
  (await workList(app)).find((r) => r.issue === issue)?.gates.find((g) => g.key === 'ci');

describe.each(names)('the ci gate on %s', (backend) => {
  let p: Planned;
  afterEach(async () => p?.cleanup());

  it('passes on passing checks, rejects on a failed one with rework, and waits without them', async () => {
    p = await planned(backend);
    const app = p.app;
    await workSchedule(app);
    const done: { issue: number; step: string; branch: string | null }[] = [];
    for (let i = 0; i < 6; i++) done.push(await step(app, 'agent-1'));
    expect(done.map((d) => `#${d.issue} ${d.step}`)).toEqual([
      '#2 runbook',
      '#2 implement',
      '#2 review',
      '#3 runbook',
      '#3 implement',
      '#3 review',
    ]);
    // No pull request yet: both ci gates stay pending and say why.
    const before = await workSchedule(app);
    expect(before.ciGates.map((g) => [g.issue, g.status])).toEqual([
      [2, 'pending'],
      [3, 'pending'],
    ]);
    expect(before.ciGates[0]!.reasons[0]).toMatch(/^no open pull request from /);

    const pr2 = await pullRequestFor(p, done[0]!.branch!);
    const pr3 = await pullRequestFor(p, done[3]!.branch!);
    expect(
      (await runCheck(app, { name: 'test', pr: pr2, command: 'exit 0', timeoutMs: 20_000 })).conclusion,
    ).toBe('success');
    expect(
      (await runCheck(app, { name: 'test', pr: pr3, command: 'exit 1', timeoutMs: 20_000 })).conclusion,
    ).toBe('failure');

    const dry = await workSchedule(app, { dryRun: true });
    expect(dry.ciGates.map((g) => [g.issue, g.status])).toEqual([
      [2, 'pass'],
      [3, 'fail'],
    ]);
    expect(await ciGate(app, 2)).toMatchObject({ status: 'pending' });

    const r = await workSchedule(app);
    expect(r.ciGates).toEqual([
      { issue: 2, gate: 'ci', pr: pr2, status: 'pass', reasons: ['test: success'], rework: [] },
      {
        issue: 3,
        gate: 'ci',
        pr: pr3,
        status: 'fail',
        reasons: ['test: failure'],
        rework: ['implement', 'review'],
      },
    ]);
    expect(await ciGate(app, 2)).toMatchObject({ status: 'pass' });
    // #3 goes back to implement: a new attempt is queued for it.
    expect(r.schedule.launch.map((l) => [l.issue, l.step])).toContainEqual([3, 'implement']);
    expect((await workList(app)).find((x) => x.issue === 3)).toMatchObject({ step: 'implement' });
    // A second run decides nothing again.
    const again = await workSchedule(app);
    expect(again.ciGates.filter((g) => g.status !== 'pending')).toEqual([]);
    expect(again.queued).toBe(0);

    // The person's review still decides its own gate; with both passed, #2 moves on to integrate.
    await decideGateOf(app, {
      issue: 2,
      gate: 'review',
      decision: 'approve',
      reason: 'LGTM',
      reviewer: 'lead',
    });
    expect((await workList(app)).find((x) => x.issue === 2)).toMatchObject({ step: 'integrate' });

    // Its pull request has no commit of its own: the integrate step's merge is refused, the attempt
    // fails with the reason, and main is left as it was.
    const main = execFileSync('git', ['rev-parse', 'main'], { cwd: p.repo, encoding: 'utf8' });
    const integrate = await workClaim(app, { executor: 'agent-3' });
    expect(integrate?.handoff).toMatchObject({ issue: 2, step: 'integrate' });
    const refused = await workComplete(app, { attempt: integrate!.attempt, token: integrate!.token }).then(
      () => 'no error',
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe('pr/empty');
    expect((await workList(app)).find((x) => x.issue === 2)).toMatchObject({
      step: 'integrate',
      attempt: { number: 2, status: 'queued' },
    });
    expect(execFileSync('git', ['rev-parse', 'main'], { cwd: p.repo, encoding: 'utf8' })).toBe(main);

    const all = await artifacts(app);
    for (const a of all) expect(validArtifact(a), JSON.stringify(validArtifact.errors)).toBe(true);
    const byCi = all.filter((a) => a.actor === 'ci');
    expect(byCi.map((a) => [a.workItemId, a.eventType])).toEqual([
      ['issue-2', 'gate-approved'],
      ['issue-3', 'gate-rejected'],
      ['issue-3', 'attempt-rejected'],
    ]);
    expect(byCi[1]).toMatchObject({
      outcome: `gate ci rejected: checks of pull request #${pr3}; test: failure`,
      nextAction: 'rework from step implement',
    });
    const audit = await withStore(app, (s) => readAudit(s.x));
    const decided = audit.filter((a) => a.type === 'gate-approved' || a.type === 'gate-rejected');
    expect(decided.filter((a) => a.actor === 'ci').map((a) => a.type)).toEqual([
      'gate-approved',
      'gate-rejected',
    ]);
  });

  it('a review completed on a pull request whose checks passed passes its ci gate at once', async () => {
    p = await planned(backend);
    const app = p.app;
    await workSchedule(app);
    const runbook = await step(app, 'agent-1');
    expect(await step(app, 'agent-1')).toMatchObject({ issue: 2, step: 'implement' });
    const pr = await pullRequestFor(p, runbook.branch!);
    await runCheck(app, { name: 'test', pr, command: 'exit 0', timeoutMs: 20_000 });
    const c = await workClaim(app, { executor: 'agent-2' });
    expect(c?.handoff).toMatchObject({ issue: 2, step: 'review' });
    const done = await workComplete(app, { attempt: c!.attempt, token: c!.token });
    expect(done.gates).toEqual([
      { key: 'review', status: 'pending' },
      { key: 'ci', status: 'pass' },
    ]);
  });
});
