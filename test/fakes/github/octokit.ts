// Octokit configured as the adapter would use it, with retry and throttling delays
// shrunk so a test that hits a retry path takes milliseconds, not minutes.
import { Octokit } from 'octokit';
import type { FakeGitHub } from './index.js';

export interface FakeOctokitOptions {
  /** Keep plugin-throttling on (its write group still spaces writes 1 s apart). */
  throttle?: boolean;
  /** A different token, or null for none. */
  auth?: string | null;
  baseUrl?: string;
}

export function fakeOctokit(fake: FakeGitHub, opts: FakeOctokitOptions = {}): Octokit {
  const retryTwice = (_after: number, _options: unknown, _octokit: unknown, count: number) => count < 2;
  return new Octokit({
    ...(opts.auth === null ? {} : { auth: opts.auth ?? fake.token }),
    baseUrl: opts.baseUrl ?? fake.url,
    retry: { retryAfterBaseValue: 10 },
    throttle: opts.throttle
      ? { retryAfterBaseValue: 50, onRateLimit: retryTwice, onSecondaryRateLimit: retryTwice }
      : { enabled: false },
  });
}
