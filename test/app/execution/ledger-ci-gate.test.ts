import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ledgerAuditVerify, ledgerDecideGate, ledgerSchedule } from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import { runCheck } from '../../../src/app/workflow/index.js';
import { ledgerAudit, type OnLedger, plannedOnLedger, withForge, workOnLedger } from './workspace.js';

// The CI-checks gate on the git ledger, decided by `work schedule` from the checks of each item's pull
// request (recorded with `checks run` on the local forge), as the store's engine decides it.
vi.setConfig({ testTimeout: 180_000 });

const WORKFLOW = `id: wf-ci
name: Checked
version: 1.0.0
effectiveFrom: 2026-01-01
steps:
  - key: a
    order: 1
    responsibleRole: dev
  - key: b
    order: 2
    responsibleRole: dev
    gates:
      - key: ci
        kind: ci-checks
        reentryStepKey: a
`;

let app: App;
let repo: string;
let git: OnLedger['git'];
const tip = () => git('rev-parse', 'papertrail/ledger');
const onLedger = (path: string) => JSON.parse(git('show', `papertrail/ledger:artifacts/${path}.json`));

const work = (attempt: string) => workOnLedger(app, attempt, 'alice');

/** A pull request from the item's branch, with the check `test` run on it by `command`. */
async function checkedPullRequest(issue: number, command: string): Promise<number> {
  const branch = onLedger(`schedule/${issue}`).branch as string;
  execFileSync('git', ['branch', branch, 'main'], { cwd: repo });
  const pr = await withForge(app, (f) =>
    f.createPullRequest({ title: `#${issue}`, body: '', head: branch, base: 'main', draft: false }),
  );
  await runCheck(app, { name: 'test', pr: pr.number, command, timeoutMs: 20_000 });
  return pr.number;
}

beforeAll(async () => {
  ({ app, repo, git } = await plannedOnLedger('pt-ledger-ci-', WORKFLOW));
  expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-1', '3-a-1']);
  await work('2-a-1');
  await work('3-a-1');
  expect((await ledgerSchedule(app)).attempts).toEqual(['2-b-1', '3-b-1']);
  await work('2-b-1');
  await work('3-b-1');
}, 180_000);

describe('the ci gate on the git ledger', () => {
  let pr2: number;
  let pr3: number;

  it('stays pending, saying why, while an item has no pull request; nothing is pushed', async () => {
    const before = tip();
    const r = await ledgerSchedule(app);
    expect(r.ciGates.map((g) => [g.issue, g.gate, g.status, g.pr])).toEqual([
      [2, 'ci', 'pending', null],
      [3, 'ci', 'pending', null],
    ]);
    expect(r.ciGates[0]!.reasons[0]).toMatch(/^no open pull request from /);
    expect(tip()).toBe(before);
  });

  it('a dry run reads the checks and decides nothing', async () => {
    pr2 = await checkedPullRequest(2, 'exit 0');
    pr3 = await checkedPullRequest(3, 'exit 1');
    const before = tip();
    const dry = await ledgerSchedule(app, { dryRun: true });
    expect(dry.ciGates.map((g) => [g.issue, g.status])).toEqual([
      [2, 'pass'],
      [3, 'fail'],
    ]);
    expect(tip()).toBe(before);
    expect(onLedger('gates/2-ci')).toMatchObject({ status: 'pending' });
  });

  it('passes on passing checks and rejects on a failed one, with its rework queued, in one commit', async () => {
    const before = tip();
    const r = await ledgerSchedule(app);
    expect(r.ciGates).toEqual([
      { issue: 2, gate: 'ci', pr: pr2, status: 'pass', reasons: ['test: success'], rework: [] },
      { issue: 3, gate: 'ci', pr: pr3, status: 'fail', reasons: ['test: failure'], rework: ['a', 'b'] },
    ]);
    expect(git('rev-list', '--count', `${before}..papertrail/ledger`)).toBe('1');
    expect(onLedger('gates/2-ci')).toMatchObject({
      status: 'pass',
      decidedBy: 'ci',
      reasons: [`checks of pull request #${pr2}`, 'test: success'],
    });
    expect(onLedger('gates/3-ci')).toMatchObject({ status: 'fail', decidedBy: 'ci', reentryStep: 'a' });
    expect(onLedger('rework/3-a-1')).toMatchObject({ gate: 'ci', actor: 'ci' });
    // #3 is sent back to a and queued again by this same run; #4 still waits for it.
    expect(r.attempts).toEqual(['3-a-2']);
    expect(
      ledgerAudit(git)
        .filter((e) => e.actor === 'ci')
        .map((e) => e.type),
    ).toEqual(['gate-approved', 'gate-rejected', 'rework']);
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });

  it('decides nothing again, and leaves a gate a person decided as they decided it', async () => {
    const before = tip();
    const again = await ledgerSchedule(app);
    expect(again.ciGates).toEqual([]);
    expect(again.queued).toBe(0);
    expect(tip()).toBe(before);

    // #3 done again; a person fails its new ci gate before any schedule reads the (failed) checks.
    await work('3-a-2');
    expect((await ledgerSchedule(app)).attempts).toEqual(['3-b-2']);
    await work('3-b-2');
    await ledgerDecideGate(app, {
      issue: 3,
      gate: 'ci',
      decision: 'approve',
      reason: 'the flaky test is quarantined',
      reviewer: 'lead',
    });
    const r = await ledgerSchedule(app);
    expect(r.ciGates).toEqual([]);
    expect(onLedger('gates/3-ci')).toMatchObject({ status: 'pass', decidedBy: 'lead', attempt: '3-b-2' });
    expect(r.attempts).toEqual(['4-a-1']);
  });
});
