import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attemptCompleted,
  attemptStarted,
  baselineIntegration,
  gateApproved,
  gateRejected,
  type HandoffArtifact,
  type HandoffContext,
  metrics,
} from '../../../src/domain/execution/index.js';

const MIN = 60_000;
const at = (m: number) => new Date(Date.UTC(2026, 11, 6) + m * MIN).toISOString();
const ctx = (item: string, step: string, order: number, attempt: string, m: number): HandoffContext => ({
  workItemId: item,
  workflow: { name: 'Requirement issue', version: '1.0.0' },
  step: { key: step, order },
  attemptId: attempt,
  timestamp: at(m),
  actor: 'agent-1',
  baselineIntegration: 'pre',
});

// Item 2: runbook 0-10, implement 10-40, review rejected at 50, implement again 50-60, approved at 70,
// integrated at 90. Item 3: runbook 20-30, still open.
const EVENTS: HandoffArtifact[] = [
  attemptStarted(ctx('item-2', 'runbook', 1, 'a1', 0)),
  attemptCompleted(ctx('item-2', 'runbook', 1, 'a1', 10), 'runbook written', 'implement'),
  attemptStarted(ctx('item-2', 'implement', 2, 'a2', 10)),
  attemptCompleted(ctx('item-2', 'implement', 2, 'a2', 40), 'PR #7', 'review'),
  gateRejected(ctx('item-2', 'review', 3, 'a2', 50), 'review', ['no rollback'], 'implement'),
  attemptStarted(ctx('item-2', 'implement', 2, 'a3', 50)),
  attemptCompleted(ctx('item-2', 'implement', 2, 'a3', 60), 'PR #7 again', 'review'),
  gateApproved(ctx('item-2', 'review', 3, 'a3', 70), 'review', ['LGTM'], 'integrate'),
  baselineIntegration(ctx('item-2', 'integrate', 4, 'a4', 90), 'PR #7 into main'),
  attemptStarted(ctx('item-3', 'runbook', 1, 'b1', 20)),
  attemptCompleted(ctx('item-3', 'runbook', 1, 'b1', 30), 'runbook written', 'implement'),
];
const WINDOW = { from: at(0), to: at(100) };

describe('metrics', () => {
  it('gives lead time, cycle time per step, throughput, WIP and rework rate per item, workflow and portfolio', () => {
    const m = metrics(EVENTS, WINDOW);
    expect(m.items).toEqual([
      {
        scope: 'item',
        key: 'item-2',
        leadTime: 90 * MIN,
        cycleTimePerStep: { implement: 20 * MIN, runbook: 10 * MIN },
        throughput: 1,
        WIP: 0,
        reworkRate: 1,
      },
      {
        scope: 'item',
        key: 'item-3',
        leadTime: null,
        cycleTimePerStep: { runbook: 10 * MIN },
        throughput: 0,
        WIP: 1,
        reworkRate: 0,
      },
    ]);
    expect(m.workflows).toEqual([{ ...m.portfolio, scope: 'workflow', key: 'Requirement issue@1.0.0' }]);
    expect(m.portfolio).toEqual({
      scope: 'portfolio',
      key: 'portfolio',
      leadTime: 90 * MIN,
      cycleTimePerStep: { implement: 20 * MIN, runbook: 10 * MIN },
      throughput: 1,
      WIP: 1,
      reworkRate: 0.5,
    });
  });

  it('counts only events before the end of the window, and integrations inside it', () => {
    const early = metrics(EVENTS, { from: at(0), to: at(80) });
    expect(early.portfolio).toMatchObject({ leadTime: null, throughput: 0, WIP: 2 });
    const later = metrics(EVENTS, { from: at(95), to: at(200) });
    expect(later.portfolio).toMatchObject({ leadTime: 90 * MIN, throughput: 0, WIP: 1 });
  });

  it('does not depend on the order of the events', () => {
    const expected = JSON.stringify(metrics(EVENTS, WINDOW));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(EVENTS, { minLength: EVENTS.length, maxLength: EVENTS.length }),
        (shuffled) => {
          expect(JSON.stringify(metrics(shuffled, WINDOW))).toBe(expected);
        },
      ),
    );
  });

  it('refuses a window that is not a date-time', () => {
    expect(() => metrics(EVENTS, { from: 'yesterday', to: at(1) })).toThrow(/not an ISO 8601 date-time/);
  });
});
