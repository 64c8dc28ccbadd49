// What GitHub last said about its rate limits, read from every answer's headers (a 304 included, which
// the ETag cache hides from octokit's callers), so a poller can slow down before it is refused.

export interface GitHubRateLimit {
  /** `x-ratelimit-remaining` of the last answer that had it. */
  remaining: number | null;
  /** `x-ratelimit-reset` as epoch milliseconds. */
  resetAt: number | null;
  /** `retry-after` of the last answer, in seconds (null when the last answer had none). */
  retryAfter: number | null;
}

export const emptyRateLimit = (): GitHubRateLimit => ({ remaining: null, resetAt: null, retryAfter: null });

const num = (v: string | null): number | null => {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** A fetch that records each answer's rate-limit headers into `seen`. */
export function watchRateLimit(seen: GitHubRateLimit, inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const remaining = num(res.headers.get('x-ratelimit-remaining'));
    const reset = num(res.headers.get('x-ratelimit-reset'));
    if (remaining !== null) seen.remaining = remaining;
    if (reset !== null) seen.resetAt = reset * 1000;
    seen.retryAfter = num(res.headers.get('retry-after'));
    return res;
  };
}
