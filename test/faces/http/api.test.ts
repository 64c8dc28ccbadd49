import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenCreate } from '../../../src/app/access/index.js';
import { deliveryStatus, workList } from '../../../src/app/execution/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { auditLength, backendsAvailable, type Planned, planned } from '../../app/execution/workspace.js';

// The API on a planned workspace: verbs, errors as the CLI prints them, roles, sessions and CSRF,
// webhooks and the live feed, on the embedded store (lent over serve's socket) and on Postgres.
const names = await backendsAvailable('serve api');
const EXAMPLES = (
  createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json') as {
    components: { examples: Record<string, { value: unknown }> };
  }
).components.examples;
const SECRET = "It's a Secret to Everybody";
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

interface Reply {
  ok: boolean;
  error: { code: string; message: string };
  queued: number;
  items: unknown[];
  csrf: string;
}
const json = async (r: Response | Promise<Response>): Promise<Reply> => (await (await r).json()) as Reply;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.each(names)('serve on %s', (backend) => {
  let p: Planned;
  let s: Running | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
    await p?.cleanup();
  });

  it('maps the verbs, refuses bad input with the CLI error object, and writes nothing then', async () => {
    p = await planned(backend);
    s = await startServer({ root: p.repo, port: 0, log: quiet as never, webhookSecret: SECRET });
    expect(await json(fetch(`${s.url}/healthz`))).toMatchObject({ ok: true });

    const sched = await post(`${s.url}/api/work/schedule`, {});
    expect(sched.status).toBe(200);
    expect((await json(sched)).queued).toBeGreaterThan(0);
    const list = await json(fetch(`${s.url}/api/work/list`));
    expect(list.items.length).toBe(3);
    // A CLI command on the same workspace works while serve owns the store.
    expect((await workList(p.app)).length).toBe(3);
    const before = await auditLength(p.app);

    const cases: [Promise<Response>, number, string][] = [
      [fetch(`${s.url}/api/nope`), 404, 'http/unknown-verb'],
      [fetch(`${s.url}/nope`), 404, 'http/not-found'],
      [post(`${s.url}/api/gate/approve`, { issue: 2, gate: 'review' }), 400, 'http/bad-input'],
      [post(`${s.url}/api/gate/approve`, '{"issue": 2,'), 400, 'http/bad-json'],
      [
        post(`${s.url}/api/gate/approve`, { issue: 2, gate: 'review', reason: 'x'.repeat(2 * 1024 * 1024) }),
        413,
        'http/too-large',
      ],
      [fetch(`${s.url}/api/work/schedule`), 405, 'http/method'],
      [post(`${s.url}/api/gate/approve`, { issue: 2, gate: 'nope', reason: 'ok' }), 400, 'gate/not-open'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      const body = await json(r);
      expect([r.status, body.ok, body.error.code]).toEqual([
        status,
        false,
        expect.stringContaining(code.split('/')[0]!),
      ]);
      expect(body.error).toHaveProperty('message');
    }
    expect(await auditLength(p.app)).toBe(before);

    // Webhooks: wrong, missing and replayed signatures are refused and change nothing.
    // GitHub's own example of a check_run completed delivery (the REST OpenAPI description's).
    const payload = JSON.stringify(EXAMPLES['check-run-completed']!.value);
    const hook = (headers: Record<string, string>) =>
      fetch(`${s!.url}/webhooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'check_run', ...headers },
        body: payload,
      });
    const good = await sign(SECRET, payload);
    expect((await hook({ 'x-github-delivery': 'd1' })).status).toBe(401);
    expect(
      (await hook({ 'x-github-delivery': 'd1', 'x-hub-signature-256': await sign('wrong', payload) })).status,
    ).toBe(401);
    const ok = await hook({ 'x-github-delivery': 'd1', 'x-hub-signature-256': good });
    expect(ok.status).toBe(202);
    const replay = await hook({ 'x-github-delivery': 'd1', 'x-hub-signature-256': good });
    expect([replay.status, (await json(replay)).error.code]).toEqual([401, 'webhook/replayed']);
    await s.settled();
    // Applied as work schedule applies it: the CI gates read again, the items synced.
    expect((await deliveryStatus(p.app, 'd1'))?.status).toBe('applied');
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/papertrail_webhook_rejections_total\{reason="bad-signature"\} 1/);
    expect(metrics).toMatch(/papertrail_webhook_deliveries_total\{event="check_run"\} 1/);
  }, 240_000);

  it('beyond loopback: tokens with roles, the session cookie and CSRF on writes', async () => {
    p = await planned(backend);
    const viewer = await tokenCreate(p.app, { name: 'v', role: 'viewer' });
    const approver = await tokenCreate(p.app, { name: 'a', role: 'approver' });
    s = await startServer({ root: p.repo, port: 0, host: '0.0.0.0', log: quiet as never });
    const url = s.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${url}/api/work/list`)).status).toBe(401);
    expect(
      (await fetch(`${url}/api/work/list`, { headers: { authorization: 'Bearer pt_nope' } })).status,
    ).toBe(401);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await fetch(`${url}/api/work/list`, { headers: bearer(viewer.token) })).status).toBe(200);
    const refused = await post(`${url}/api/work/schedule`, {}, bearer(viewer.token));
    expect([refused.status, (await json(refused)).error.code]).toEqual([403, 'http/forbidden']);
    expect((await post(`${url}/api/work/schedule`, {}, bearer(approver.token))).status).toBe(200);

    const login = await post(`${url}/api/session`, { token: approver.token });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const { csrf } = await json(login);
    const jar = { cookie: cookie.split(';')[0]! };
    expect((await fetch(`${url}/api/work/list`, { headers: jar })).status).toBe(200);
    const noCsrf = await post(`${url}/api/work/schedule`, {}, jar);
    expect([noCsrf.status, (await json(noCsrf)).error.code]).toEqual([403, 'http/csrf']);
    expect((await post(`${url}/api/work/schedule`, {}, { ...jar, 'x-csrf-token': csrf })).status).toBe(200);
  }, 240_000);
});
