import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attemptFailed,
  claimPath,
  EXPIRY_ACTOR,
  type ExpiryRules,
  expireLedgerLeases,
  LEASE_EXPIRED,
  type LedgerClaim,
  type LedgerItem,
  ledgerJson,
  ledgerOverlay,
  outcomePath,
  readLedgerState,
  schedulePath,
} from '../../../src/domain/execution/index.js';
import { memoryLedger } from '../../helpers/memory-ledger.js';

// Expiring leases on an in-memory branch: which attempts expire, what they leave, and that a second
// writer on top of the first's files finds nothing more to expire.
const branch = memoryLedger;

const now = new Date('2026-11-23T10:00:00.000Z');
const rules = (maxAttempts: number, backoffMs = 5_000): ExpiryRules => ({
  now,
  retryAt: (failed, o) =>
    failed.number >= maxAttempts ? null : new Date(Date.parse(o.at) + backoffMs * failed.number),
  artifact: (item, claim, willRetry) =>
    attemptFailed(
      {
        workItemId: `WI-${item.issue}`,
        workflow: { name: 'W', version: '1' },
        step: { key: claim.step, order: 1 },
        attemptId: claim.attempt,
        timestamp: now.toISOString(),
        actor: claim.executor,
        baselineIntegration: 'pre',
      },
      LEASE_EXPIRED,
      willRetry,
    ),
});

interface Case {
  issue: number;
  attempts: number;
  /** Seconds from now when the latest attempt's lease ends (negative: passed). */
  leaseIn: number;
  ended: boolean;
}

function files(cases: Case[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of cases) {
    const attempts = Array.from({ length: c.attempts }, (_, i) => ({
      attempt: `${c.issue}-build-${i + 1}`,
      step: 'build',
      number: i + 1,
      queuedAt: now.toISOString(),
      notBefore: now.toISOString(),
    }));
    const item: LedgerItem = {
      schemaVersion: '1.0',
      issue: c.issue,
      title: 'T',
      requirement: null,
      branch: null,
      open: true,
      workflow: 'wf@1',
      blockedBy: [],
      attempts,
    };
    m.set(schedulePath(c.issue), ledgerJson(item));
    const id = attempts[attempts.length - 1]!.attempt;
    const claim: LedgerClaim = {
      attempt: id,
      issue: c.issue,
      step: 'build',
      executor: `runner-${c.issue}`,
      claimedAt: now.toISOString(),
      leaseExpiresAt: new Date(now.getTime() + c.leaseIn * 1000).toISOString(),
      token: 7,
    };
    m.set(claimPath(id), ledgerJson(claim));
    if (c.ended)
      m.set(
        outcomePath(id),
        ledgerJson({ attempt: id, issue: c.issue, step: 'build', status: 'done', at: now.toISOString() }),
      );
  }
  return m;
}

describe('expiring leases on the ledger', () => {
  it('fails a passed lease by papertrail and queues its retry with the backoff', () => {
    const m = files([
      { issue: 2, attempts: 1, leaseIn: -1, ended: false },
      { issue: 3, attempts: 1, leaseIn: 60, ended: false },
    ]);
    const ex = expireLedgerLeases(branch(m), rules(3));
    expect(ex.expired).toEqual([
      { attempt: '2-build-1', issue: 2, step: 'build', executor: 'runner-2', retry: '2-build-2' },
    ]);
    const out = JSON.parse(ex.files.find((f) => f.path === outcomePath('2-build-1'))!.content);
    expect(out).toMatchObject({ status: 'failed', actor: EXPIRY_ACTOR, reason: LEASE_EXPIRED });
    const item = JSON.parse(ex.files.find((f) => f.path === schedulePath(2))!.content) as LedgerItem;
    expect(item.attempts[1]).toMatchObject({ attempt: '2-build-2', notBefore: '2026-11-23T10:00:05.000Z' });
    expect(ex.entries.map((e) => e.type)).toEqual(['attempt-expired', 'attempt-queued']);
    expect(ex.files.some((f) => f.path.startsWith('artifacts/handoff/'))).toBe(true);
  });

  it('at the retry maximum the step gets no retry', () => {
    const ex = expireLedgerLeases(
      branch(files([{ issue: 2, attempts: 3, leaseIn: -1, ended: false }])),
      rules(3),
    );
    expect(ex.expired).toEqual([expect.objectContaining({ attempt: '2-build-3', retry: null })]);
    expect(ex.files.some((f) => f.path === schedulePath(2))).toBe(false);
    expect(ex.entries.map((e) => e.type)).toEqual(['attempt-expired']);
  });

  it('property: exactly the passed, unended leases expire, once, each with one outcome', () => {
    const cases = fc
      .uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 6 })
      .chain((issues) =>
        fc.tuple(
          ...issues.map((issue) =>
            fc.record({
              issue: fc.constant(issue),
              attempts: fc.integer({ min: 1, max: 4 }),
              leaseIn: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0),
              ended: fc.boolean(),
            }),
          ),
        ),
      );
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 4 }), (cs: Case[], max) => {
        const m = files(cs);
        const ex = expireLedgerLeases(branch(m), rules(max));
        const due = cs.filter((c) => c.leaseIn < 0 && !c.ended);
        expect(ex.expired.map((e) => e.issue).sort((a, b) => a - b)).toEqual(
          due.map((c) => c.issue).sort((a, b) => a - b),
        );
        for (const c of due) {
          const e = ex.expired.find((x) => x.issue === c.issue)!;
          expect(e.retry).toBe(c.attempts < max ? `${c.issue}-build-${c.attempts + 1}` : null);
        }
        // No outcome is overwritten: every file written for an outcome was not there.
        for (const f of ex.files)
          if (f.path.startsWith('artifacts/outcomes/')) expect(m.has(f.path)).toBe(false);
        // A writer deciding on top of these files (the one that lost the push) expires nothing more.
        const after = ledgerOverlay(branch(m), ex.files);
        expect(expireLedgerLeases(after, rules(max)).expired).toEqual([]);
        const s = readLedgerState(after);
        for (const c of cs)
          expect(s.outcomes.has(`${c.issue}-build-${c.attempts}`)).toBe(c.ended || c.leaseIn < 0);
      }),
      { numRuns: 200 },
    );
  });
});
