import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { verify } from '@octokit/webhooks-methods';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import pino from 'pino';
import * as v from 'valibot';
import type { Delivery } from '../../app/execution/index.js';
import { type App, openApp } from '../../app/kernel/index.js';
import { PtError, redactDeep, redactOutput, secretValues, toPtError, version } from '../../base/index.js';
import { allows, isLoopback, type Role, SESSION_COOKIE, Sessions } from './access.js';
import { EventHub } from './events.js';
import { serverMetrics } from './metrics.js';
import './ops-routes.js';
import { type Caller, type RouteHost, routeOf, verbs } from './routes.js';
import { RunHub } from './run-stream.js';
import { serveWebApp } from './web-app.js';

// `papertrail serve`: the JSON API (one route per verb), the live feed, GitHub webhooks, health and
// metrics. Every error is the CLI's error object ({ok: false, error: {code, message, hint, ...}}) with
// a 4xx for refused input and nothing written.

export const API_BODY_LIMIT = 1024 * 1024;
/** GitHub caps a webhook payload at 25 MB. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

export interface ServeOptions {
  root: string;
  port?: number;
  host?: string;
  /** The secret GitHub signs deliveries with; without it /webhooks/github refuses every delivery. */
  webhookSecret?: string;
  /** Where the JSON log goes (stdout by default). */
  log?: pino.DestinationStream;
}

export interface Running {
  url: string;
  port: number;
  /** Resolves once the deliveries received so far are applied (tests, a clean stop). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const fail = (c: Context, status: number, e: unknown) => {
  const err = toPtError(e);
  return c.json(
    redactDeep({ ok: false, error: err.toJSON() }, secretValues(), { patterns: true }),
    status as 400,
  );
};

/**
 * The server's log, each line redacted on its way out: a message, an error or a note may quote a
 * secret. Lines are parsed and redacted as data, so they stay valid JSON.
 */
export function redactedLog(dest: pino.DestinationStream): pino.DestinationStream {
  return {
    write(line: string) {
      let out: string;
      try {
        out = `${JSON.stringify(redactDeep(JSON.parse(line), secretValues(), { patterns: true }))}\n`;
      } catch {
        out = redactOutput(line);
      }
      dest.write(out);
    },
  };
}

const refuse = (code: string, message: string, hint: string) =>
  new PtError(code, message, { hint, location: { file: '<request>' }, exit: 3 });

/** Starts the server; the store is opened for good (and lent to other processes) until close. */
export async function startServer(opts: ServeOptions): Promise<Running> {
  const host = opts.host ?? '127.0.0.1';
  const open = !isLoopback(host);
  const log = pino(
    { base: { service: 'papertrail' }, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    redactedLog(opts.log ?? pino.destination(1)),
  );
  const app: App = openApp(opts.root, process.env, {
    onNote: (n) => log.info({ note: n }, 'note'),
  });
  const exec = await import('../../app/execution/index.js');
  const { tokenCheck, tokenNamed } = await import('../../app/access/index.js');
  const { watchStore, whoAmI } = await import('../../app/kernel/index.js');
  const ops = await import('../../app/ops/index.js');
  const { runnerWatch } = await import('../../app/runners/index.js');
  const runnersUp = runnerWatch(app);
  const metrics = serverMetrics(
    () => ops.runCounts(app),
    () => runnersUp.read(),
    () => ops.deployStats(app),
  );
  const hub = new EventHub(app, exec.eventsSince, metrics, exec.gateRecordsSince);
  const runs = new RunHub(app, ops, (n) => metrics.runStreamClients.set(n));
  // What this process's runs did: gates moved, approvals waited for (other processes report their own).
  const unwatchRuns = ops.onRunChange((c) => {
    if (c.type === 'gate') metrics.gateTransitions.inc({ type: `ops.gate.${c.status}` });
    if (c.type === 'status' && c.waitedMs !== undefined)
      metrics.approvalWait.observe(
        { outcome: c.status === 'error' ? 'denied' : 'approved' },
        c.waitedMs / 1000,
      );
  });
  const watch = await watchStore(app, () => {
    hub.changed();
    runs.changed();
  });
  try {
    await hub.start();
    await runs.start();
  } catch (e) {
    // Nothing serves: let go of the store, so the process ends with its error instead of hanging.
    unwatchRuns();
    await watch.close();
    throw e;
  }
  // Runs started or approved here run in this process; closing the server stops them.
  const stopping = new AbortController();
  const jobs = new Set<Promise<unknown>>();
  const routeHost: RouteHost = {
    background(job) {
      const p = job(stopping.signal)
        .catch((e) => log.error({ code: toPtError(e).code }, toPtError(e).message))
        .finally(() => jobs.delete(p));
      jobs.add(p);
    },
  };
  const sessions = new Sessions();
  const local = whoAmI(opts.root);

  const web = new Hono<{ Variables: { reqId: string; caller: Caller | null } }>();

  // Request IDs, the log line and the duration of every request.
  web.use('*', async (c, next) => {
    const reqId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.set('reqId', reqId);
    const t0 = performance.now();
    await next();
    // The event stream wrote its own headers (and carries the id already).
    if (c.res !== RESPONSE_ALREADY_SENT) c.header('x-request-id', reqId);
    const route = c.req.routePath;
    const s = (performance.now() - t0) / 1000;
    metrics.requests.observe({ method: c.req.method, route, status: String(c.res.status) }, s);
    log.info(
      { reqId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(s * 1000) },
      'request',
    );
  });

  web.onError((e, c) => {
    const err = toPtError(e);
    // A bug here (not a PtError) is the server's own failure, not an upstream's: 500, and logged.
    const status =
      err.code === 'internal' ? 500 : err.exit === 3 || err.exit === 2 ? 400 : err.exit === 4 ? 502 : 500;
    if (status === 500) log.error({ reqId: c.get('reqId'), code: err.code }, err.message);
    return fail(c, status, err);
  });
  web.notFound((c) =>
    fail(
      c,
      404,
      refuse(
        'http/not-found',
        `No route ${c.req.method} ${c.req.path}`,
        `Verbs: ${verbs()
          .map((x) => `/api/${x}`)
          .join(', ')}`,
      ),
    ),
  );

  web.get('/healthz', (c) => c.json({ ok: true, version: version(), store: watch.kind }));
  // The control room (the built web app), when built.
  serveWebApp(web);
  web.get('/metrics', async (c) => {
    if (open && !(await callerOf(c))) return unauthorised(c);
    // The gate records no feed client heard of are counted as the hub reads them.
    await hub.catchUp();
    return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  /** Who calls: a bearer token, the session cookie, or (loopback only) the workspace's own user. */
  async function callerOf(c: Context): Promise<Caller | null> {
    // The scheme's case is the client's choice (RFC 9110); a token ignored for it would act as the local user.
    const auth = /^bearer +(.*)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (auth !== undefined) {
      const t = await tokenCheck(app, auth.trim());
      return t ? { name: t.name, role: t.role } : null;
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    // A session lasts as long as its token: revoking the token ends the sessions signed in with it.
    const s = sessions.read(cookie);
    const live = s ? await tokenNamed(app, s.name) : null;
    if (live) return { ...live, viaCookie: true } as Caller;
    return open ? null : { name: null, role: 'approver' };
  }
  const unauthorised = (c: Context) =>
    fail(
      c,
      401,
      refuse(
        'http/unauthorised',
        'A token is needed here',
        'Send Authorization: Bearer TOKEN (papertrail token create), or sign in.',
      ),
    );

  const tooLarge = (c: Context) =>
    fail(
      c,
      413,
      refuse('http/too-large', `The request body is larger than ${API_BODY_LIMIT} bytes`, 'Send less.'),
    );

  // The web session: a token given once, kept as an HttpOnly, SameSite=Strict cookie.
  web.post('/api/session', bodyLimit({ maxSize: API_BODY_LIMIT, onError: tooLarge }), async (c) => {
    const body = await jsonBody(c);
    const token = typeof body.token === 'string' ? body.token : '';
    const t = token ? await tokenCheck(app, token) : null;
    if (!t) return unauthorised(c);
    const { cookie, csrf } = sessions.issue({ name: t.name, role: t.role });
    setCookie(c, SESSION_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: open,
      maxAge: Sessions.maxAgeSeconds,
    });
    return c.json({ ok: true, name: t.name, role: t.role, csrf });
  });

  web.get('/api/events', async (c) => {
    const caller = await callerOf(c);
    if (!caller) return unauthorised(c);
    // ?after=head: only what comes next (a page that reads the current state itself); a reconnect
    // still resumes from its Last-Event-ID.
    const fromHead = c.req.query('after') === 'head' && !c.req.header('last-event-id');
    // Checked before the stream's headers go out: a bad id is then a 400, not a broken 200.
    const from = fromHead ? 'head' : eventIdOf(c);
    const res = eventStream(c, 'events');
    const leave = await hub.join(from, (f) => res.write(f));
    res.on('close', leave);
    return RESPONSE_ALREADY_SENT;
  });

  // One run live (?run=ID: its log and state), or the runs list (no run).
  web.get('/api/ops/stream', async (c) => {
    const caller = await callerOf(c);
    if (!caller) return unauthorised(c);
    const after = eventIdOf(c);
    const ref = c.req.query('run');
    // Read through the hub: followers who join at once share the read, and their joins reuse it.
    const run = ref ? (await runs.state(ref)).id : null;
    const res = eventStream(c, run ? `run ${run}` : 'runs');
    try {
      res.on('close', await runs.join(run, after, (f) => res.write(f)));
    } catch (e) {
      log.error({ reqId: c.get('reqId'), code: toPtError(e).code }, toPtError(e).message);
      res.end();
    }
    return RESPONSE_ALREADY_SENT;
  });

  // The verbs.
  web.on(['GET', 'POST'], '/api/*', bodyLimit({ maxSize: API_BODY_LIMIT, onError: tooLarge }), async (c) => {
    const verb = c.req.path.slice('/api/'.length);
    const route = routeOf(verb);
    if (!route)
      return fail(c, 404, refuse('http/unknown-verb', `No verb "${verb}"`, `Verbs: ${verbs().join(', ')}`));
    if (route.write && c.req.method !== 'POST') {
      c.header('allow', 'POST');
      return fail(
        c,
        405,
        refuse('http/method', `${verb} writes: POST it`, 'Send the arguments as a JSON body.'),
      );
    }
    const caller = await callerOf(c);
    if (!caller) return unauthorised(c);
    if ((caller as { viaCookie?: boolean }).viaCookie && route.write) {
      const cookie = getCookie(c, SESSION_COOKIE)!;
      if (!sessions.csrfOk(cookie, c.req.header('x-csrf-token')))
        return fail(
          c,
          403,
          refuse(
            'http/csrf',
            'The CSRF token is missing or wrong',
            'Send X-CSRF-Token as given when the session began.',
          ),
        );
    }
    if (!allows(caller.role, route.role))
      return fail(
        c,
        403,
        refuse(
          'http/forbidden',
          `${verb} needs the ${route.role} role; this token is ${caller.role}`,
          'Ask for a token with that role.',
        ),
      );
    const raw = c.req.method === 'POST' ? await jsonBody(c) : queryArgs(c, verb);
    const input = parse(route.input, raw, verb);
    const who: Caller = { name: caller.name ?? (open ? null : local), role: caller.role };
    const result = await route.run(app, input, who, routeHost);
    return c.json(redactDeep({ ok: true, ...(result as object) }, secretValues(), { patterns: true }));
  });

  // A verb asked with another method (PUT, DELETE, OPTIONS): the route is there, the method is not.
  web.all('/api/*', (c) => {
    const verb = c.req.path.slice('/api/'.length);
    const route = routeOf(verb);
    if (!route) return c.notFound();
    c.header('allow', route.write ? 'POST' : 'GET, HEAD, POST');
    return fail(
      c,
      405,
      refuse(
        'http/method',
        `${verb} answers ${route.write ? 'POST' : 'GET and POST'}, not ${c.req.method}`,
        route.write ? 'Send the arguments as a JSON body.' : 'GET with a query string, or POST a JSON body.',
      ),
    );
  });

  // GitHub webhooks: the signature over the raw body, then the delivery recorded once. Deliveries
  // that arrive while a batch is being recorded wait for the next one: one statement per batch.
  const record = batched((ds: Delivery[]) => exec.recordDeliveries(app, ds));
  const queue: string[] = [];
  let applying: Promise<void> = Promise.resolve();
  // The runs' gates a check names move on a chain of their own: a delivery's gates wait for the
  // gates of the deliveries before it, not for the work schedule those deliveries started.
  let gating: Promise<void> = Promise.resolve();
  // An issue or a pull request that changed may finish the plan: its tracking issue and, where
  // papertrail.yaml names the decisions workspace, the spec's implementation status follow.
  let planMoved = false;
  const applyQueued = () => {
    applying = applying.then(async () => {
      const ids = queue.splice(0);
      // The runs' followers hear of the gates just moved before the work schedule is worked out
      // again: on the embedded store both take turns on one thread, and a large plan's schedule is
      // not what someone watching a page waits for.
      await runs.settled();
      if (ids.length) await exec.applyDeliveries(app, ids);
      if (!planMoved) return;
      planMoved = false;
      try {
        const { keepPlanTrue } = await import('../../app/workflow/index.js');
        const r = await keepPlanTrue(app);
        if (r.closedTracking.length || r.reopenedTracking.length || r.decisions?.changed)
          log.info(
            {
              closedTracking: r.closedTracking,
              reopenedTracking: r.reopenedTracking,
              ...(r.decisions ? { spec: r.decisions.spec, status: r.decisions.to } : {}),
            },
            'plan kept true',
          );
      } catch (e) {
        log.error({ code: toPtError(e).code }, toPtError(e).message);
      }
    });
  };
  const reject = (
    c: Context,
    reason: string,
    message: string,
    hint = 'Check the webhook secret (PAPERTRAIL_WEBHOOK_SECRET) on both sides.',
  ) => {
    metrics.rejections.inc({ reason });
    return fail(c, 401, refuse(`webhook/${reason}`, message, hint));
  };
  web.post(
    '/webhooks/github',
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: (c) =>
        fail(
          c,
          413,
          refuse('http/too-large', 'The delivery is larger than 25 MB', 'GitHub sends at most 25 MB.'),
        ),
    }),
    async (c) => {
      if (!opts.webhookSecret) return reject(c, 'not-configured', 'This server has no webhook secret');
      const sig = c.req.header('x-hub-signature-256');
      const id = c.req.header('x-github-delivery');
      const event = c.req.header('x-github-event');
      if (!sig) return reject(c, 'no-signature', 'The delivery has no X-Hub-Signature-256');
      const body = await c.req.text();
      if (!(await verify(opts.webhookSecret, body, sig).catch(() => false)))
        return reject(c, 'bad-signature', 'The signature does not match the delivery');
      // GitHub's ids are UUIDs and its event names words: anything else is refused before it is
      // recorded or becomes a metrics label.
      if (!id || !event || !HEADER_WORD.test(id) || !HEADER_WORD.test(event))
        return fail(
          c,
          400,
          refuse(
            'webhook/headers',
            'X-GitHub-Delivery and X-GitHub-Event are required: an id and an event name of at most 100 letters, digits, "-", "_", "." or ":"',
            'Send what GitHub sends.',
          ),
        );
      let payload: { action?: unknown };
      try {
        payload = JSON.parse(body) as { action?: unknown };
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw payload;
      } catch {
        return fail(
          c,
          400,
          refuse(
            'http/bad-json',
            'The delivery is not a JSON object',
            'Set the webhook content type to application/json.',
          ),
        );
      }
      const d: Delivery = { id, event, action: typeof payload.action === 'string' ? payload.action : null };
      if (!(await record(d)))
        return reject(
          c,
          'replayed',
          `Delivery ${id} was received before`,
          'Nothing to fix: the first delivery with this id was recorded, and a redelivery is not applied again.',
        );
      metrics.deliveries.inc({ event });
      const moves = exec.deliveryMoves(d);
      if (moves) {
        // The runs' gates the check names move first; then the work items' gates, in one pass.
        const gated = gating.then(() =>
          ops.updateGatesFromDelivery(app, { ...d, payload }).then(
            () => {},
            (e) => log.error({ delivery: id, code: toPtError(e).code }, toPtError(e).message),
          ),
        );
        gating = gated;
        applying = applying.then(() => gated);
        queue.push(id);
        if (d.event === 'issues' || d.event === 'pull_request') planMoved = true;
        applyQueued();
      }
      return c.json({ ok: true, delivery: id, queued: moves }, 202);
    },
  );

  const server = serve({ fetch: web.fetch, port: opts.port ?? 4400, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, store: watch.kind, auth: open ? 'tokens' : 'loopback' }, 'serving');
  // Where no webhook reaches, runs' CI gates follow GitHub's checks by polling (one process at a time),
  // started once the server listens so that a failed start leaves no timer behind.
  const poller = ops.pollingOn(app)
    ? ops.startGatePoller(app, {
        exclusive: true,
        onError: (e) => log.warn({ code: toPtError(e).code }, toPtError(e).message),
      })
    : null;
  return {
    url,
    port,
    settled: () => applying,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      stopping.abort();
      await poller?.stop();
      await Promise.all(jobs);
      await applying.catch(() => {});
      await runs.idle();
      unwatchRuns();
      await watch.close();
    },
  };
}

/** Where a stream resumes: Last-Event-ID, else ?after=, else from the start. */
function eventIdOf(c: Context): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('after') ?? '0';
  const after = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(after))
    throw refuse(
      'http/bad-event-id',
      `Last-Event-ID must be an event's id, not "${raw}"`,
      'Resume from the id of the last event received.',
    );
  return after;
}

/** Server-Sent Events written straight to Node's response: one string per event per client, no stream per client. */
function eventStream(c: Context, what: string): ServerResponse {
  const res = (c.env as { outgoing: ServerResponse }).outgoing;
  // The body ends when the connection does (Connection: close), not in chunks: each event is then one
  // plain write to the socket instead of three pieces (size, data, end) gathered by a cork and a tick,
  // paid again for each of 1,000 followers of one change. A stream never shares its connection.
  res.useChunkedEncodingByDefault = false;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'x-request-id': c.get('reqId'),
  });
  res.write(`: papertrail ${what}\n\n`);
  return res;
}

const HEADER_WORD = /^[A-Za-z0-9_.:-]{1,100}$/;

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  // The media type exactly (any case, parameters after it): not application/jsonp or the like.
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
    throw new PtError('http/content-type', 'The body must be JSON (Content-Type: application/json)', {
      hint: 'Send the arguments as a JSON object.',
      location: { file: '<request>' },
      exit: 3,
    });
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    throw new PtError('http/bad-json', `The body is not JSON: ${(e as Error).message}`, {
      hint: 'Send a JSON object.',
      location: { file: '<request>' },
      exit: 3,
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new PtError('http/bad-json', 'The body must be a JSON object', {
      hint: 'Send the arguments as {"name": value, ...}.',
      location: { file: '<request>' },
      exit: 3,
    });
  return body as Record<string, unknown>;
}

/** A query string's arguments: one value each, since picking one of two silently would act on a guess. */
function queryArgs(c: Context, verb: string): Record<string, string> {
  const twice = Object.entries(c.req.queries()).find(([, vs]) => vs.length > 1)?.[0];
  if (twice !== undefined)
    throw new PtError('http/bad-input', `${verb}: ${twice}: given more than once`, {
      hint: 'Give each argument once.',
      location: { file: '<request>' },
      exit: 3,
    });
  return c.req.query();
}

function parse(schema: v.GenericSchema<unknown, Record<string, unknown>>, raw: unknown, verb: string) {
  const r = v.safeParse(schema, raw);
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new PtError('http/bad-input', `${verb}: ${path ? `${path}: ` : ''}${issue.message}`, {
    hint: 'The arguments are those of the CLI verb, in snake_case.',
    location: { file: '<request>' },
    exit: 3,
  });
}

export type { Role };

/** Calls that arrive while `flush` runs are gathered and flushed together; each hears its own answer. */
function batched(flush: (ds: Delivery[]) => Promise<Set<string>>): (d: Delivery) => Promise<boolean> {
  let waiting: { d: Delivery; done: (fresh: boolean) => void; fail: (e: unknown) => void }[] = [];
  let busy = false;
  const run = async () => {
    busy = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        const fresh = await flush(batch.map((w) => w.d));
        // The same id twice in one batch: only its first is new.
        const seen = new Set<string>();
        for (const w of batch) {
          w.done(fresh.has(w.d.id) && !seen.has(w.d.id));
          seen.add(w.d.id);
        }
      } catch (e) {
        for (const w of batch) w.fail(e);
      }
    }
    busy = false;
  };
  return (d) =>
    new Promise<boolean>((done, fail) => {
      waiting.push({ d, done, fail });
      if (!busy) void run();
    });
}
