import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ledgerAuditVerify,
  ledgerClaim,
  ledgerCollect,
  ledgerDecideGate,
  ledgerFinish,
  ledgerSchedule,
} from '../../../src/app/execution/index.js';
import type { App } from '../../../src/app/kernel/index.js';
import { tempDir } from '../../helpers/cli.js';
import { ledgerAudit, type OnLedger, plannedOnLedger } from './workspace.js';

// The collector on the git ledger when the ledger moved on while the execute jobs ran: a result that
// came after its attempt's lease was expired, and a gate the step's next attempt opens again.
vi.setConfig({ testTimeout: 180_000 });

const WORKFLOW = `id: wf-collect
name: Collected
version: 1.0.0
effectiveFrom: 2026-01-01
steps:
  - key: a
    order: 1
    responsibleRole: dev
    gates:
      - key: sign-off
        kind: person
`;

let app: App;
let git: OnLedger['git'];
const tip = () => git('rev-parse', 'papertrail/ledger');
const read = (path: string) => JSON.parse(git('show', `papertrail/ledger:artifacts/${path}.json`));
const auditOf = (attempt: string) =>
  ledgerAudit(git)
    .filter((r) => r.data.attempt === attempt)
    .map((r) => r.type);

/** Claims the attempt and ends it into a fresh --ledger-out folder, which it returns. */
async function toFolder(attempt: string, executor: string, leaseSeconds?: number): Promise<string> {
  const c = (await ledgerClaim(app, { executor, attempt, ...(leaseSeconds ? { leaseSeconds } : {}) }))!;
  const out = tempDir('pt-collect-out-');
  await ledgerFinish(app, { attempt, token: c.token, summary: `${executor} did it`, out }, 'done');
  return out;
}

beforeAll(async () => {
  ({ app, git } = await plannedOnLedger(
    'pt-ledger-collect-',
    WORKFLOW,
    '  retry:\n    maxAttempts: 2\n    backoffMs: 0\n    maxBackoffMs: 0\n',
  ));
  expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-1', '3-a-1']);
}, 180_000);

describe('work collect after the ledger moved on', () => {
  it('sets aside the result of an attempt whose lease was expired meanwhile, and commits the rest', async () => {
    const late = await toFolder('2-a-1', 'gha-1-0', 1);
    const onTime = await toFolder('3-a-1', 'gha-1-1');
    await new Promise((r) => setTimeout(r, 1500));
    // The next schedule expires 2-a-1's lease (its result is still in the upload) and queues the retry.
    expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-2']);
    expect(read('outcomes/2-a-1')).toMatchObject({ status: 'failed', reason: 'lease expired' });
    const before = tip();

    const r = await ledgerCollect(app, [late, onTime]);
    expect(r.setAside).toEqual([
      {
        dir: late,
        path: 'artifacts/outcomes/2-a-1.json',
        reason: 'attempt 2-a-1 ended on the ledger as failed by papertrail: lease expired',
      },
    ]);
    expect(r).toMatchObject({ records: 1 });
    expect(git('rev-list', '--count', `${before}..papertrail/ledger`)).toBe('1');
    expect(read('outcomes/3-a-1')).toMatchObject({ status: 'done', actor: 'gha-1-1' });
    expect(read('gates/3-sign-off')).toMatchObject({ status: 'pending', attempt: '3-a-1' });
    expect(read('outcomes/2-a-1')).toMatchObject({ status: 'failed' });
    expect(auditOf('2-a-1')).not.toContain('attempt-completed');
    expect(auditOf('3-a-1')).toContain('attempt-completed');
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });

  it("opens the gate again for the step's next attempt; a decision made since an earlier collect stands", async () => {
    await ledgerDecideGate(app, {
      issue: 3,
      gate: 'sign-off',
      decision: 'reject',
      reason: 'not yet',
      reviewer: 'lead',
    });
    expect((await ledgerSchedule(app)).attempts).toEqual(['2-a-2', '3-a-2']);
    const again = await toFolder('3-a-2', 'gha-2-0');
    const r = await ledgerCollect(app, [again]);
    expect(r.setAside).toEqual([]);
    expect(read('gates/3-sign-off')).toMatchObject({ status: 'pending', attempt: '3-a-2' });

    await ledgerDecideGate(app, {
      issue: 3,
      gate: 'sign-off',
      decision: 'approve',
      reason: 'done now',
      reviewer: 'lead',
    });
    const before = tip();
    expect(await ledgerCollect(app, [again])).toMatchObject({ files: 0, commit: null, setAside: [] });
    expect(tip()).toBe(before);
    expect(read('gates/3-sign-off')).toMatchObject({ status: 'pass', attempt: '3-a-2', decidedBy: 'lead' });
    expect((await ledgerAuditVerify(app)).ok).toBe(true);
  });
});
