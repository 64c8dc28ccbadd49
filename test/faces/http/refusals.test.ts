import { sign } from '@octokit/webhooks-methods';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenCreate, tokenRevoke } from '../../../src/app/access/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { registerRoute } from '../../../src/faces/http/routes.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';

// Odd requests an operator or a scanner sends: each answered with the CLI's error object and a 4xx (or
// as the same request in its usual form), never a 5xx, a broken stream or a stack trace in the log.
const names = await backendsAvailable('serve refusals');
const SECRET = 'refusals secret';
// A route with a bug in it, as any route may have: what the server answers and logs then.
registerRoute({
  verb: 'test/bug',
  write: false,
  role: 'viewer',
  input: v.strictObject({}),
  run: async () => (null as unknown as { x: number }).x,
});

interface Reply {
  ok: boolean;
  error: { code: string; message: string; hint: string };
  runs: unknown[];
}

describe.each(names)('serve refuses odd requests on %s', (backend) => {
  let w: OpsWorkspace;
  let s: Running | undefined;
  let logged: string[];
  afterEach(async () => {
    await s?.close();
    s = undefined;
    await w?.cleanup();
  });
  const start = async (host?: string) => {
    w = await opsWorkspace(backend);
    logged = [];
    s = await startServer({
      root: w.root,
      port: 0,
      webhookSecret: SECRET,
      log: { write: (l: string) => logged.push(l) } as never,
      ...(host ? { host } : {}),
    });
    return s.url.replace('0.0.0.0', '127.0.0.1');
  };

  it('refuses a bad Last-Event-ID on the live feed before the stream starts', async () => {
    const url = await start();
    for (const id of ['abc', '-1', '99999999999999999999']) {
      const r = await fetch(`${url}/api/events`, { headers: { 'last-event-id': id } });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await r.json()) as Reply;
      expect(body.error.code).toBe('http/bad-event-id');
    }
    const q = await fetch(`${url}/api/events?after=x`);
    expect(q.status).toBe(400);
    await q.body?.cancel();
  }, 60_000);

  it('answers HEAD on a read as GET, an exact JSON media type, and names POST on a 405', async () => {
    const url = await start();
    expect((await fetch(`${url}/api/ops/list`, { method: 'HEAD' })).status).toBe(200);
    const get = await fetch(`${url}/api/ops/cancel`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    await get.body?.cancel();
    for (const [method, verb, allow] of [
      ['PUT', 'ops/list', 'GET, HEAD, POST'],
      ['DELETE', 'ops/cancel', 'POST'],
      ['OPTIONS', 'ops/list', 'GET, HEAD, POST'],
    ] as const) {
      const r = await fetch(`${url}/api/${verb}`, { method });
      const body = (await r.json()) as Reply;
      expect([r.status, r.headers.get('allow'), body.error.code]).toEqual([405, allow, 'http/method']);
    }
    const other = await fetch(`${url}/api/nope`, { method: 'PUT' });
    expect([other.status, ((await other.json()) as Reply).error.code]).toEqual([404, 'http/not-found']);
    const as = (type: string) =>
      fetch(`${url}/api/ops/list`, { method: 'POST', headers: { 'content-type': type }, body: '{}' });
    expect(((await (await as('application/jsonp')).json()) as Reply).error.code).toBe('http/content-type');
    expect((await as('Application/JSON; charset=utf-8')).status).toBe(200);
  }, 60_000);

  it('refuses an argument given twice in a query string instead of picking one', async () => {
    const url = await start();
    const r = await fetch(`${url}/api/ops/list?status=queued&status=error`);
    const body = (await r.json()) as Reply;
    expect([r.status, body.error.code, body.error.message]).toEqual([
      400,
      'http/bad-input',
      'ops/list: status: given more than once',
    ]);
  }, 60_000);

  it('takes the bearer scheme in any case', async () => {
    const url = await start('0.0.0.0');
    const viewer = await tokenCreate(w.as('test'), { name: 'v', role: 'viewer' });
    const r = await fetch(`${url}/api/ops/list`, { headers: { authorization: `bearer ${viewer.token}` } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as Reply).runs).toEqual([]);
  }, 60_000);

  it('refuses a signed delivery whose body is JSON but not an object', async () => {
    const url = await start();
    for (const [i, body] of ['null', '[1]', '"x"'].entries()) {
      const r = await fetch(`${url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'check_run',
          'x-github-delivery': `odd-${i}`,
          'x-hub-signature-256': await sign(SECRET, body),
        },
        body,
      });
      expect([r.status, ((await r.json()) as Reply).error.code]).toEqual([400, 'http/bad-json']);
    }
    expect(logged.join('')).not.toMatch(/"level":50/);
  }, 60_000);

  it('answers a bug with 500 and logs it with the request id', async () => {
    const url = await start();
    const r = await fetch(`${url}/api/test/bug`, { headers: { 'x-request-id': 'req-bug' } });
    expect([r.status, ((await r.json()) as Reply).error.code]).toEqual([500, 'internal']);
    const errors = logged
      .map((l) => JSON.parse(l) as { level: number; reqId?: string })
      .filter((l) => l.level === 50);
    expect(errors).toEqual([expect.objectContaining({ reqId: 'req-bug', code: 'internal' })]);
  }, 60_000);

  it('ends the web sessions of a token when it is revoked', async () => {
    const url = await start('0.0.0.0');
    const t = await tokenCreate(w.as('test'), { name: 'ann', role: 'approver' });
    const signIn = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.token }),
    });
    const jar = { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! };
    expect((await fetch(`${url}/api/ops/list`, { headers: jar })).status).toBe(200);
    await tokenRevoke(w.as('test'), 'ann');
    const after = await fetch(`${url}/api/ops/list`, { headers: jar });
    expect([after.status, ((await after.json()) as Reply).error.code]).toEqual([401, 'http/unauthorised']);
  }, 60_000);

  it('refuses a signed delivery whose id or event is not one GitHub would send', async () => {
    const url = await start();
    const body = '{"action":"created"}';
    for (const [event, id] of [
      ['ping', 'x'.repeat(5000)],
      ['e'.repeat(5000), 'long-event'],
      ['check run', 'spaced-event'],
      ['ping', 'a/b'],
    ]) {
      const r = await fetch(`${url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event!,
          'x-github-delivery': id!,
          'x-hub-signature-256': await sign(SECRET, body),
        },
        body,
      });
      expect([r.status, ((await r.json()) as Reply).error.code]).toEqual([400, 'webhook/headers']);
    }
    // Nothing was recorded, and no event name became a metrics label.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).not.toMatch(/eeeeeeeeee|check run/);
  }, 60_000);

  it('says a replayed delivery is a repeat, not a secret to check', async () => {
    const url = await start();
    const body = '{"action":"created"}';
    const send = async () =>
      fetch(`${url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': 'again',
          'x-hub-signature-256': await sign(SECRET, body),
        },
        body,
      });
    expect((await send()).status).toBe(202);
    const r = await send();
    const e = ((await r.json()) as Reply).error;
    expect([r.status, e.code]).toEqual([401, 'webhook/replayed']);
    expect(e.hint).not.toMatch(/secret/i);
  }, 60_000);

  it('refuses an issue number past the store integer as bad input', async () => {
    const url = await start();
    for (const issue of [3_000_000_000, '99999999999999999999', 1e300]) {
      const r = await fetch(`${url}/api/gate/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ issue, gate: 'review', reason: 'ok' }),
      });
      expect([r.status, ((await r.json()) as Reply).error.code]).toEqual([400, 'http/bad-input']);
    }
  }, 60_000);
});
