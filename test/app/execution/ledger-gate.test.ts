import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type GateArgs,
  ledgerAuditVerify,
  ledgerDecideGate,
  ledgerExportArtifacts,
  ledgerList,
  ledgerSchedule,
  readCheckpoint,
} from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import type { PtError } from '../../../src/base/index.js';
import { tempDir } from '../../helpers/cli.js';
import { type OnLedger, plannedOnLedger, workOnLedger } from './workspace.js';

// Gate decisions and the artifacts' export on the git ledger, with a bare repository as the remote.
// The example's plan (#2 and #3 ready, #4 blocked by both) under a workflow of two steps, the second
// ending in a person's sign-off that sends the item back to the first.
vi.setConfig({ testTimeout: 180_000 });

const WORKFLOW = `id: wf-gate
name: Gated
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
      - key: sign-off
        kind: person
        reentryStepKey: a
`;

let app: App;
let git: OnLedger['git'];
const tip = () => git('rev-parse', 'papertrail/ledger');
const gateFile = (name: string) => JSON.parse(git('show', `papertrail/ledger:artifacts/gates/${name}.json`));
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: PtError) => e.code,
  );
const decide = (a: Partial<GateArgs> & { issue: number; reviewer: string }) =>
  ledgerDecideGate(app, { gate: 'sign-off', decision: 'approve', reason: 'looks right', ...a });

const work = (attempt: string, executor: string) => workOnLedger(app, attempt, executor);

beforeAll(async () => {
  ({ app, git } = await plannedOnLedger('pt-ledger-gate-', WORKFLOW));
  expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-1', '3-a-1']);
  await work('2-a-1', 'alice');
  await work('3-a-1', 'alice');
  expect((await ledgerSchedule(app)).attempts).toEqual(['2-b-1', '3-b-1']);
}, 180_000);

describe('gate decisions on the git ledger', () => {
  it('is refused while the gate is not open, for an unknown gate or item, and without a reason', async () => {
    expect(await code(decide({ issue: 2, reviewer: 'carol' }))).toBe('gate/not-open');
    expect(await code(decide({ issue: 2, reviewer: 'carol', gate: 'nope' }))).toBe('gate/unknown-gate');
    expect(await code(decide({ issue: 9, reviewer: 'carol' }))).toBe('gate/no-item');
    expect(await code(decide({ issue: 2, reviewer: 'carol', reason: '  ' }))).toBe('usage/empty-text');
    expect(await code(decide({ issue: 2, reviewer: ' ' }))).toBe('work/bad-input');
  });

  it('four eyes: no executor of the work up to the gate approves it; nothing is pushed', async () => {
    await work('2-b-1', 'bob');
    await work('3-b-1', 'bob');
    expect(gateFile('2-sign-off')).toMatchObject({ status: 'pending', attempt: '2-b-1' });
    const before = tip();
    expect(await code(decide({ issue: 2, reviewer: 'bob' }))).toBe('gate/four-eyes');
    // alice did step a, which the gated step builds on.
    expect(await code(decide({ issue: 2, reviewer: 'alice' }))).toBe('gate/four-eyes');
    expect(tip()).toBe(before);
  });

  it('two racing approvals: one decision lands, the other is refused; the next schedule finishes the item', async () => {
    const results = await Promise.all(
      ['carol', 'dave', 'erin'].map((reviewer) =>
        decide({ issue: 2, reviewer }).then(
          (r) => r.reviewer,
          (e: PtError) => e.code,
        ),
      ),
    );
    const won = results.filter((r) => !r.startsWith('gate/'));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r === 'gate/already-decided')).toHaveLength(2);
    expect(gateFile('2-sign-off')).toMatchObject({
      status: 'pass',
      decidedBy: won[0],
      reasons: ['looks right'],
    });
    const handoff = git('ls-tree', '--name-only', 'papertrail/ledger:artifacts/handoff');
    expect(handoff.match(/-2-b-2-b-1-gate-approved\.json$/m)).not.toBeNull();
    await ledgerSchedule(app);
    const rows = await ledgerList(app);
    expect(rows.find((r) => r.issue === 2)).toMatchObject({ status: 'done', step: null });
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });

  it('a rejection sends the item back: the next schedule queues the rework, whose gate opens again', async () => {
    expect(await code(decide({ issue: 3, reviewer: 'carol', decision: 'reject', reentryStep: 'z' }))).toBe(
      'gate/bad-reentry',
    );
    const planted = `ghp_${'Q7'.repeat(18)}`;
    const r = await decide({
      issue: 3,
      reviewer: 'carol',
      decision: 'reject',
      reason: `missing tests, see ${planted}`,
    });
    expect(r).toMatchObject({ decision: 'reject', rework: ['a', 'b'], scheduleNext: true });
    expect(gateFile('3-sign-off')).toMatchObject({ status: 'fail', reentryStep: 'a' });
    expect(git('ls-tree', '--name-only', 'papertrail/ledger:artifacts/rework').split('\n')).toEqual([
      '3-a-1.json',
      '3-b-1.json',
    ]);
    expect(git('log', '-1', '-p', 'papertrail/ledger')).not.toContain(planted);
    expect(await code(decide({ issue: 3, reviewer: 'dave' }))).toBe('gate/not-open');
    expect((await ledgerList(app)).find((x) => x.issue === 3)).toMatchObject({
      step: 'a',
      stepState: 'pending',
    });

    expect((await ledgerSchedule(app)).attempts).toEqual(['3-a-2']);
    await work('3-a-2', 'frank');
    expect((await ledgerSchedule(app)).attempts).toEqual(['3-b-2']);
    await work('3-b-2', 'frank');
    expect(gateFile('3-sign-off')).toMatchObject({ status: 'pending', attempt: '3-b-2' });
    // alice's work was sent back and redone: only the executors of the work under review are out.
    expect(await code(decide({ issue: 3, reviewer: 'frank' }))).toBe('gate/four-eyes');
    expect((await decide({ issue: 3, reviewer: 'alice' })).decision).toBe('approve');
    await ledgerSchedule(app);
    expect((await ledgerList(app)).find((x) => x.issue === 3)).toMatchObject({ status: 'done' });
    const v = await ledgerAuditVerify(app);
    expect(v.ok).toBe(true);
    const types = git('grep', '-h', '"type"', 'papertrail/ledger', '--', 'artifacts/audit');
    expect(types.match(/gate-approved|gate-rejected|"rework"/g)).toEqual([
      'gate-approved',
      'gate-rejected',
      '"rework"',
      'gate-approved',
    ]);
  });

  it("export-artifacts writes the store export's files from the ledger; its checkpoint verifies", async () => {
    const dir = join(tempDir('pt-ledger-export-'), 'out');
    const r = await ledgerExportArtifacts(app, { dir });
    const onLedger = git('ls-tree', '--name-only', 'papertrail/ledger:artifacts/handoff').split('\n');
    expect(r.files).toHaveLength(onLedger.length);
    expect(readdirSync(join(dir, 'handoff')).sort()).toEqual(
      r.files.map((f) => f.replace(/^handoff\//, '')).sort(),
    );
    // The names are the store export's: the event type only where two artifacts would share a name.
    expect(r.files.filter((f) => /-attempt-started\.json$/.test(f))).toEqual([]);
    const first = JSON.parse(readFileSync(join(dir, r.files[0]!), 'utf8'));
    expect(first).toMatchObject({ eventType: 'attempt-started', workItemId: expect.any(String) });
    const cp = readCheckpoint(app, join(dir, 'audit-checkpoint.json'));
    expect(cp.length).toBe((await ledgerAuditVerify(app)).length);
    expect((await ledgerAuditVerify(app, cp)).ok).toBe(true);
    expect(await ledgerExportArtifacts(app, { dir })).toMatchObject({ written: 0 });
  });
});
