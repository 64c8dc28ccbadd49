import { describe, expect, it } from 'vitest';
import { nextPollDelay } from '../../../src/app/ops/index.js';

// The wait between two polls of GitHub's checks: the interval, unless GitHub's rate-limit headers or
// failures in a row ask for longer.
const NOW = 1_000_000_000_000;
const seen = (
  over: Partial<{ remaining: number | null; resetAt: number | null; retryAfter: number | null }>,
) => ({
  remaining: null,
  resetAt: null,
  retryAfter: null,
  ...over,
});

describe('nextPollDelay', () => {
  it('is the interval while GitHub has plenty left or said nothing', () => {
    expect(nextPollDelay(30_000, null, NOW)).toBe(30_000);
    expect(nextPollDelay(30_000, seen({}), NOW)).toBe(30_000);
    expect(nextPollDelay(30_000, seen({ remaining: 4000, resetAt: NOW + 3_600_000 }), NOW)).toBe(30_000);
  });

  it('honours retry-after, and waits past the reset of a spent limit', () => {
    expect(nextPollDelay(30_000, seen({ retryAfter: 90 }), NOW)).toBe(90_000);
    expect(nextPollDelay(30_000, seen({ retryAfter: 5 }), NOW)).toBe(30_000);
    expect(nextPollDelay(30_000, seen({ remaining: 0, resetAt: NOW + 600_000 }), NOW)).toBe(601_000);
    // A reset already past: the limit is whole again.
    expect(nextPollDelay(30_000, seen({ remaining: 0, resetAt: NOW - 1 }), NOW)).toBe(30_000);
  });

  it('spreads the few requests left over what remains of the window', () => {
    expect(nextPollDelay(30_000, seen({ remaining: 10, resetAt: NOW + 1_200_000 }), NOW)).toBe(120_000);
    expect(nextPollDelay(30_000, seen({ remaining: 99, resetAt: NOW + 60_000 }), NOW)).toBe(30_000);
  });

  it('doubles after each failure in a row, up to 15 minutes', () => {
    expect([1, 2, 3].map((f) => nextPollDelay(30_000, null, NOW, f))).toEqual([60_000, 120_000, 240_000]);
    expect(nextPollDelay(30_000, null, NOW, 10)).toBe(900_000);
    expect(nextPollDelay(30_000, null, NOW, 1000)).toBe(900_000);
  });
});
