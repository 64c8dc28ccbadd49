import { describe, expect, it } from 'vitest';
import {
  appendRecord,
  auditHead,
  auditPath,
  claimPath,
  gatePath,
  type LedgerFiles,
  type LedgerItem,
  ledgerJson,
  ledgerStepStates,
  outcomePath,
  readLedgerState,
  reworkPath,
  schedulePath,
  type Workflow,
} from '../../../src/domain/execution/index.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';

// The ledger's files read back as the engine's step states, from an in-memory branch.
const wf: Workflow = {
  id: 'wf',
  name: 'W',
  version: '1',
  effectiveFrom: '2026-01-01',
  steps: [
    {
      key: 'build',
      order: 1,
      parallelizable: false,
      entryCriteria: [],
      exitCriteria: [],
      responsibleRole: 'dev',
    },
    {
      key: 'review',
      order: 2,
      parallelizable: false,
      entryCriteria: [],
      exitCriteria: [],
      responsibleRole: 'dev',
      gates: [{ key: 'ok', kind: 'person' }],
    },
  ],
};

const branch = (files: Record<string, unknown>): LedgerFiles =>
  memoryLedger(new Map(Object.entries(files).map(([k, v]) => [k, ledgerJson(v)])));

const at = '2026-11-23T10:00:00.000Z';
const item = (attempts: LedgerItem['attempts']): LedgerItem => ({
  schemaVersion: '1.0',
  issue: 7,
  title: 'T',
  requirement: null,
  branch: null,
  open: true,
  workflow: 'wf@1',
  blockedBy: [],
  attempts,
});
const attempt = (step: string, number: number) => ({
  attempt: `7-${step}-${number}`,
  step,
  number,
  queuedAt: at,
  notBefore: at,
});
const outcome = (a: string, step: string, status: 'done' | 'failed') => ({
  attempt: a,
  issue: 7,
  step,
  status,
  at,
  actor: 'x',
  exitCode: null,
  summary: null,
  reason: null,
});
const now = new Date('2026-11-23T10:05:00.000Z');

describe('ledger layout', () => {
  it('queued, claimed, done at its gate until the gate file passes', () => {
    const files: Record<string, unknown> = {
      [schedulePath(7)]: item([attempt('build', 1), attempt('review', 1)]),
      [claimPath('7-build-1')]: { attempt: '7-build-1' },
      [outcomePath('7-build-1')]: outcome('7-build-1', 'build', 'done'),
    };
    const never = () => null;
    const states = (f: Record<string, unknown>) => {
      const s = readLedgerState(branch(f));
      return ledgerStepStates(s, s.items[0]!, wf, now, never);
    };
    const gate = (status: string) => ({
      issue: 7,
      gate: 'ok',
      step: 'review',
      attempt: '7-review-1',
      status,
    });
    expect(states(files)).toEqual({ build: 'done', review: 'pending' });
    files[claimPath('7-review-1')] = { attempt: '7-review-1' };
    expect(states(files)).toEqual({ build: 'done', review: 'running' });
    files[outcomePath('7-review-1')] = outcome('7-review-1', 'review', 'done');
    expect(states(files).review).toBe('gate');
    files[gatePath(7, 'ok')] = gate('pending');
    expect(states(files).review).toBe('gate');
    files[gatePath(7, 'ok')] = gate('pass');
    expect(states(files).review).toBe('done');
    // A rejection's rework marks: the done attempts it sent back count as not done, their gates aside.
    files[gatePath(7, 'ok')] = gate('fail');
    files[reworkPath('7-build-1')] = { attempt: '7-build-1' };
    files[reworkPath('7-review-1')] = { attempt: '7-review-1' };
    expect(states(files)).toEqual({ build: 'pending', review: 'pending' });
  });

  it('a failed attempt is held until its retry may start, and for good once retries are used up', () => {
    const files = {
      [schedulePath(7)]: item([attempt('build', 1)]),
      [claimPath('7-build-1')]: { attempt: '7-build-1' },
      [outcomePath('7-build-1')]: outcome('7-build-1', 'build', 'failed'),
    };
    const s = readLedgerState(branch(files));
    const later = () => new Date('2026-11-23T11:00:00.000Z');
    const soon = () => new Date('2026-11-23T10:01:00.000Z');
    expect(ledgerStepStates(s, s.items[0]!, wf, now, later).build).toBe('held');
    expect(ledgerStepStates(s, s.items[0]!, wf, now, soon).build).toBe('pending');
    expect(ledgerStepStates(s, s.items[0]!, wf, now, () => null).build).toBe('held');
  });

  it('the audit head is the last record by sequence; a damaged file is named', () => {
    const r1 = appendRecord(null, { at, actor: 'a', type: 't', data: {} });
    const r2 = appendRecord(r1, { at, actor: 'a', type: 't', data: { n: 2 } });
    expect(auditHead(branch({ [auditPath(2)]: r2, [auditPath(1)]: r1 }))?.seq).toBe(2);
    expect(auditHead(branch({}))).toBeNull();
    const broken: LedgerFiles = { read: () => '{not json', list: () => ['1.json'] };
    expect(() =>
      readLedgerState({ ...broken, list: (d) => (d.endsWith('schedule') ? ['1.json'] : []) }),
    ).toThrow(/not JSON/);
  });
});
