import type { Fault } from './faults.js';
import type { SpecName } from './spec.js';

export interface FakeGitHubOptions {
  /** The only token accepted (as `token X` or `Bearer X`); default 'test-token'. */
  token?: string;
  /** The authenticated user's login; default 'octocat'. */
  login?: string;
  /**
   * Which description to validate against: 'ghec' allows `internal` visibility; a 'ghes-3.x' one
   * answers the endpoints that version lacks (sub-issues; dependencies before 3.19) with a 404.
   */
  spec?: SpecName;
  /** Clock for timestamps and rate-limit resets. */
  now?: () => Date;
  rateLimit?: {
    /** Primary limit per window (default 5000); past it, 403 with `x-ratelimit-remaining: 0`. */
    limit?: number;
    remaining?: number;
    resetAfterSeconds?: number;
    /**
     * GitHub's secondary limit on content-creating requests (80/min in production). Off by
     * default so tests can create hundreds of issues quickly; measured with `now`.
     */
    writesPerMinute?: number;
  };
  /** Faults armed before the first request. */
  faults?: Fault[];
}

export interface Call {
  method: string;
  /** Path without the `/api/v3` prefix or query string. */
  path: string;
  query: string;
  operationId?: string;
  status: number;
  /** The parsed JSON request body. */
  body?: unknown;
  /** True when the request carried `If-None-Match`. */
  conditional: boolean;
  /** An endpoint of api.github.com that the GitHub Enterprise Server description in use lacks (404). */
  absent?: boolean;
}

export interface Violation {
  kind: 'route' | 'request' | 'response' | 'unimplemented' | 'crash';
  method: string;
  path: string;
  operationId?: string;
  messages: string[];
}

export type BodyMutation = (body: unknown) => unknown;
