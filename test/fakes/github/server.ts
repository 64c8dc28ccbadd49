// The request pipeline: fault → auth → rate limit → OpenAPI match and request check →
// handler → response check → ETag/304 → headers. Every request lands in `calls`.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeUnimplemented, GitHubError } from './errors.js';
import { type FaultQueue, faultReply } from './faults.js';
import type { Handler, Reply, Routes } from './handlers/index.js';
import { paginate, paginateCursor } from './paginate.js';
import type { FakeState } from './state.js';
import type { BodyMutation, Call, Violation } from './types.js';
import type { MatchedOperation, OpenApiValidator } from './validator.js';

export interface PipelineDeps {
  validator: OpenApiValidator;
  /**
   * For a GitHub Enterprise Server description: api.github.com's, to tell an endpoint that server
   * version lacks (answered 404 as GHES does, marked `absent`) from a path no GitHub has (a violation).
   */
  cloud?: OpenApiValidator;
  routes: Routes;
  state: FakeState;
  faults: FaultQueue;
  calls: Call[];
  violations: Violation[];
  token: string;
  rate: {
    limit: number;
    used: number;
    resetAfterSeconds: number;
    /** Secondary limit on content-creating requests per rolling minute; off when undefined. */
    writesPerMinute?: number;
    writeTimes: number[];
  };
  corruptions: BodyMutation[];
  baseUrl: () => string;
}

const GHES_PREFIX = '/api/v3';

export async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const selfUrl = new URL(req.url ?? '/', deps.baseUrl());
  const prefix = selfUrl.pathname.startsWith(`${GHES_PREFIX}/`) ? GHES_PREFIX : '';
  const path = selfUrl.pathname.slice(prefix.length);
  const conditional = req.headers['if-none-match'] !== undefined;
  const call: Call = { method, path, query: selfUrl.search, status: 0, conditional };
  deps.calls.push(call);

  const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
    call.status = status;
    if (status !== 304) deps.rate.used += 1;
    const requestId = randomBytes(8)
      .toString('hex')
      .toUpperCase()
      .replace(/(.{4})/g, '$1:')
      .slice(0, -1);
    // A fault's own headers win, so a test can make the server echo anything (even a token) in them.
    const out: Record<string, string> = {
      ...rateHeaders(deps),
      'x-github-request-id': requestId,
      'x-github-api-version-selected': '2022-11-28',
      ...headers,
    };
    if (body !== undefined && status !== 304) {
      out['content-type'] = 'application/json; charset=utf-8';
      res.writeHead(status, out).end(JSON.stringify(body));
    } else {
      res.writeHead(status, out).end();
    }
  };
  const violate = (v: Omit<Violation, 'method' | 'path'>) => deps.violations.push({ method, path, ...v });

  const fault = deps.faults.take(method, path);
  if (fault) {
    call.status = fault.status === 'network' ? 0 : fault.status;
    if (fault.status === 'network') {
      req.socket.destroy();
      return;
    }
    const reply = faultReply(fault);
    send(fault.status, reply.body, reply.headers);
    return;
  }

  const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (auth?.[1] !== deps.token) {
    const message = auth ? 'Bad credentials' : 'Requires authentication';
    send(401, { message, documentation_url: 'https://docs.github.com/rest', status: '401' });
    return;
  }
  if (deps.rate.used >= deps.rate.limit) {
    send(403, {
      message: `API rate limit exceeded for user ID ${deps.state.userId}.`,
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: '403',
    });
    return;
  }

  const wait = secondaryLimitWait(deps, method);
  if (wait > 0) {
    send(
      403,
      {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403',
      },
      { 'retry-after': String(wait) },
    );
    return;
  }

  const matched = deps.validator.match(method, path);
  if ('error' in matched) {
    const cloud = deps.cloud?.match(method, path);
    if (cloud && !('error' in cloud)) {
      call.absent = true;
      send(404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/enterprise-server/rest',
        status: '404',
      });
      return;
    }
    violate({ kind: 'route', messages: [matched.error] });
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    return;
  }
  call.operationId = matched.operationId;

  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
      call.body = body;
    } catch {
      violate({ kind: 'request', operationId: matched.operationId, messages: ['request body is not JSON'] });
      send(400, {
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/rest',
        status: '400',
      });
      return;
    }
  }
  const checked = deps.validator.validateRequest(matched, selfUrl.searchParams, body);
  if (checked.errors.length > 0) {
    violate({ kind: 'request', operationId: matched.operationId, messages: checked.errors });
    send(400, {
      message: `fake github: request does not match OpenAPI: ${checked.errors.join('; ')}`,
      documentation_url: 'https://docs.github.com/rest',
      status: '400',
    });
    return;
  }

  const handler = deps.routes[`${method} ${matched.template}`];
  if (!handler) {
    violate({
      kind: 'unimplemented',
      operationId: matched.operationId,
      messages: ['the fake does not serve this'],
    });
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    return;
  }
  const reply = run(deps, handler, matched, { params: checked.path, query: checked.query, body }, violate);
  if (!reply) {
    send(500, { message: 'fake github crashed', status: '500' });
    return;
  }
  const headers: Record<string, string> = {};
  let out = reply.body;
  if (reply.items) {
    const page = (reply.cursor ? paginateCursor : paginate)(reply.items, checked.query, selfUrl);
    out = reply.wrap ? reply.wrap(page.page) : page.page;
    if (page.link) headers.link = page.link;
  }
  const corrupt = deps.corruptions.shift();
  if (corrupt) out = corrupt(out);

  const responseErrors = deps.validator.validateResponse(matched, reply.status, out);
  if (responseErrors.length > 0) {
    violate({ kind: 'response', operationId: matched.operationId, messages: responseErrors });
    send(500, {
      message: `fake github: response does not match OpenAPI: ${responseErrors.join('; ')}`,
      status: '500',
    });
    return;
  }
  if (method === 'GET' && reply.status === 200) {
    const etag = `W/"${createHash('sha256').update(JSON.stringify(out)).digest('hex').slice(0, 40)}"`;
    headers.etag = etag;
    headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    if (etagMatches(req.headers['if-none-match'], etag)) {
      send(304, undefined, headers);
      return;
    }
  }
  send(reply.status, out, headers);
}

function run(
  deps: PipelineDeps,
  handler: Handler,
  matched: MatchedOperation,
  input: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown },
  violate: (v: Omit<Violation, 'method' | 'path'>) => void,
): Reply | undefined {
  try {
    return handler({ state: deps.state, api: deps.baseUrl(), ...input });
  } catch (err) {
    if (err instanceof GitHubError) return { status: err.status, body: err.body() };
    if (err instanceof FakeUnimplemented) {
      violate({ kind: 'unimplemented', operationId: matched.operationId, messages: [err.message] });
      // 400, not 5xx: plugin-retry must not repeat a request the fake will never serve.
      const message = `fake github: ${err.message}`;
      return {
        status: 400,
        body: { message, documentation_url: 'https://docs.github.com/rest', status: '400' },
      };
    }
    violate({
      kind: 'crash',
      operationId: matched.operationId,
      messages: [String((err as Error).stack ?? err)],
    });
    return undefined;
  }
}

/** Seconds until a write is allowed again under `writesPerMinute`, or 0 to let it through (and count it). */
function secondaryLimitWait(deps: PipelineDeps, method: string): number {
  const perMinute = deps.rate.writesPerMinute;
  if (perMinute === undefined || method === 'GET' || method === 'HEAD') return 0;
  const now = deps.state.now().getTime();
  const times = deps.rate.writeTimes.filter((t) => t > now - 60_000);
  deps.rate.writeTimes = times;
  if (times.length >= perMinute) return Math.max(Math.ceil((times[0]! + 60_000 - now) / 1000), 1);
  times.push(now);
  return 0;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

function rateHeaders(deps: PipelineDeps): Record<string, string> {
  const reset = Math.floor(deps.state.now().getTime() / 1000) + deps.rate.resetAfterSeconds;
  return {
    'x-ratelimit-limit': String(deps.rate.limit),
    'x-ratelimit-remaining': String(Math.max(deps.rate.limit - deps.rate.used, 0)),
    'x-ratelimit-used': String(deps.rate.used),
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-resource': 'core',
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
