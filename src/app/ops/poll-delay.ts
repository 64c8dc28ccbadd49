/** What GitHub's headers last said about the rate limit (see the GitHub forge's `rateLimit`). */
export interface SeenRateLimit {
  remaining: number | null;
  /** Epoch milliseconds. */
  resetAt: number | null;
  /** Seconds. */
  retryAfter: number | null;
}

/** Below this many requests left in the window, polls are spread over what remains of it. */
export const LOW_REMAINING = 100;
/** Longest wait after failures in a row (doubling from the interval). */
export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * The wait before the next poll: the interval, or longer when GitHub asks for it (`retry-after`, a
 * spent limit until its reset), when few requests are left (spread until the reset), or after
 * failures in a row (doubled each time, at most MAX_BACKOFF_MS).
 */
export function nextPollDelay(
  intervalMs: number,
  seen: SeenRateLimit | null,
  nowMs: number,
  failures = 0,
): number {
  let wait = intervalMs;
  if (failures > 0) wait = Math.max(wait, Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 20)));
  if (!seen) return wait;
  if (seen.retryAfter !== null) wait = Math.max(wait, seen.retryAfter * 1000);
  const untilReset = seen.resetAt !== null ? seen.resetAt - nowMs : 0;
  if (seen.remaining !== null && untilReset > 0) {
    if (seen.remaining === 0) wait = Math.max(wait, untilReset + 1000);
    else if (seen.remaining < LOW_REMAINING) wait = Math.max(wait, Math.ceil(untilReset / seen.remaining));
  }
  return wait;
}
