import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenCreate } from '../../../src/app/access/index.js';
import { listOpsRuns, type RunSummary, type RunView, showRun } from '../../../src/app/ops/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';
import { startFakeLlm } from '../../fakes/openai.js';
import { slowRunbook } from '../../helpers/processes.js';
import { spawnServe } from '../../helpers/serve.js';
import { openSse } from './sse.js';

// The control room's runs over HTTP: the ops verbs, a run's live stream and the runs list's, and the
// runs' CI gates moved by GitHub's check deliveries; on the embedded store and on Postgres.
const names = await backendsAvailable('serve ops');
const quiet = { write: () => true } as unknown as never;
const SECRET = 'ops webhook secret';
const EXAMPLES = (
  createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json') as {
    components: { examples: Record<string, { value: Record<string, unknown> }> };
  }
).components.examples;

interface Reply {
  ok: boolean;
  error: { code: string; message: string };
  run: RunView;
  runs: RunSummary[];
  released: boolean;
}
const json = async (r: Response | Promise<Response>) => (await (await r).json()) as Reply;
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const SPEC = { template: 'spec', input: ['payment processing'] };

async function finished(app: OpsWorkspace, id: string): Promise<RunView> {
  for (let i = 0; i < 600; i++) {
    const r = await showRun(app.as('test'), id);
    if (['success', 'error', 'canceled'].includes(r.status)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`run ${id} did not finish`);
}

describe.each(names)('ops over HTTP on %s', (backend) => {
  let w: OpsWorkspace;
  let s: Running | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGTERM');
    child = undefined;
    await s?.close();
    s = undefined;
    await w?.cleanup();
  });

  it('serves the ops verbs; bad input is refused with the CLI error object and writes nothing', async () => {
    w = await opsWorkspace(backend);
    s = await startServer({ root: w.root, port: 0, log: quiet });
    const api = `${s.url}/api/ops`;
    const templates = (await json(fetch(`${api}/templates`))) as unknown as { templates: { slug: string }[] };
    expect(templates.templates.map((t) => t.slug)).toContain('spec');
    const plan = (await json(
      post(`${api}/plan`, { intent: 'generate spec for billing', input: ['billing'] }),
    )) as unknown as {
      dryRun: boolean;
      plan: { template: { slug: string }; input: Record<string, string> };
    };
    expect(plan).toMatchObject({ dryRun: true, plan: { template: { slug: 'spec' } } });
    // No keyword matches: with a model configured, ops/plan asks it, as a start would.
    const llm = await startFakeLlm({ kind: 'answer', content: () => '{"slug": "healthcheck"}' });
    process.env.PAPERTRAIL_LLM_URL = llm.url;
    try {
      const picked = await json(post(`${api}/plan`, { intent: 'is everything fine over there' }));
      expect(picked).toMatchObject({
        plan: { template: { slug: 'healthcheck' }, pickedBy: { by: 'model' } },
      });
      expect(llm.requests).toHaveLength(1);
    } finally {
      delete process.env.PAPERTRAIL_LLM_URL;
      await llm.close();
    }

    const cases: [Promise<Response>, number, string][] = [
      [post(`${api}/start`, { template: 'nope', input: [] }), 400, 'ops/unknown-template'],
      [post(`${api}/start`, { template: 'spec' }), 400, 'ops/missing-input'],
      [post(`${api}/start`, { ...SPEC, env: 'moon' }), 400, 'ops/bad-env'],
      [post(`${api}/start`, {}), 400, 'ops/no-template'],
      [post(`${api}/start`, { ...SPEC, extra: 1 }), 400, 'http/bad-input'],
      [post(`${api}/start`, '{"template": '), 400, 'http/bad-json'],
      [post(`${api}/start`, { ...SPEC, input: ['x'.repeat(1024 * 1024)] }), 413, 'http/too-large'],
      [fetch(`${api}/start?template=spec`), 405, 'http/method'],
      [fetch(`${api}/show?run=deadbeef`), 400, 'ops/unknown-run'],
      [fetch(`${api}/events?run=deadbeef`), 400, 'ops/unknown-run'],
      [post(`${api}/approve`, { run: 'deadbeef', reason: 'ok' }), 400, 'ops/unknown-run'],
      [post(`${api}/cancel`, { run: 'deadbeef' }), 400, 'ops/unknown-run'],
      [fetch(`${api}/stream?run=deadbeef`), 400, 'ops/unknown-run'],
      [fetch(`${api}/list?status=lost`), 400, 'ops/bad-filter'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect([r.status, ((await r.json()) as Reply).error.code]).toEqual([status, code]);
    }
    expect(await listOpsRuns(w.as('test'))).toEqual([]);

    // A run answers at once and runs in the server's process.
    const started = await json(
      post(`${api}/start`, { template: 'spec', input: { topic: 'payment processing' } }),
    );
    expect(started.ok).toBe(true);
    expect(['queued', 'running']).toContain(started.run.status);
    expect(started.run.requestedBy).toBe('Ana');
    const done = await finished(w, started.run.id);
    expect(done.status).toBe('success');
    const list = await json(fetch(`${api}/list?kind=spec`));
    expect(list.runs.map((r) => [r.id, r.status])).toEqual([[started.run.id, 'success']]);
    const shown = (await json(fetch(`${api}/show?run=${started.run.short}`))) as unknown as RunView & {
      events: { id: number }[];
    };
    expect(shown.gates.map((g) => [g.name, g.status])).toContainEqual(['CI: Tests', 'pending']);
    const page = (await json(
      fetch(`${api}/events?run=${started.run.id}&after=${shown.events[1]!.id}&limit=2`),
    )) as unknown as {
      events: { id: number }[];
      finished: boolean;
    };
    expect(page.events.map((e) => e.id)).toEqual(shown.events.slice(2, 4).map((e) => e.id));
    expect(page.finished).toBe(true);
    expect([(await post(`${api}/cancel`, { run: started.run.id })).status]).toEqual([400]);
  }, 240_000);

  it('approval over HTTP: never by the requester, the approver is the token; cancel stops a run', async () => {
    w = await opsWorkspace(backend, 'ops:\n  approvers: [bob]\n');
    s = await startServer({ root: w.root, port: 0, log: quiet });
    const api = `${s.url}/api/ops`;
    const bob = await tokenCreate(w.as('admin'), { name: 'bob', role: 'approver' });
    const eve = await tokenCreate(w.as('admin'), { name: 'eve', role: 'operator' });
    const viewer = await tokenCreate(w.as('admin'), { name: 'val', role: 'viewer' });
    const as = (t: { token: string }) => ({ authorization: `Bearer ${t.token}` });
    // Started on loopback: the requester is the workspace's actor.
    const r = await json(
      post(`${api}/start`, { template: 'incident', input: ['errors in auth service'], env: 'prod' }),
    );
    expect([r.run.status, r.run.requestedBy]).toEqual(['waiting', 'Ana']);
    const refusals: [Promise<Response>, number, string][] = [
      [post(`${api}/approve`, { run: r.run.id, reason: 'ok' }), 400, 'ops/self-approval'],
      [post(`${api}/approve`, { run: r.run.id, reason: ' ' }, as(bob)), 400, 'ops/no-reason'],
      [post(`${api}/approve`, { run: r.run.id, reason: 'ok' }, as(eve)), 403, 'http/forbidden'],
      [post(`${api}/approve`, { run: r.run.id, reason: 'ok', actor: 'bob' }), 400, 'http/bad-input'],
      [post(`${api}/start`, SPEC, as(viewer)), 403, 'http/forbidden'],
      [post(`${api}/cancel`, { run: r.run.id }, as(viewer)), 403, 'http/forbidden'],
    ];
    for (const [res, status, code] of refusals) {
      const x = await res;
      expect([x.status, ((await x.json()) as Reply).error.code]).toEqual([status, code]);
    }
    expect((await showRun(w.as('test'), r.run.id)).approvals).toEqual([]);
    const ok = await json(post(`${api}/approve`, { run: r.run.short, reason: 'change window' }, as(bob)));
    expect(ok).toMatchObject({ ok: true, released: true });
    const done = await finished(w, r.run.id);
    expect(done.approvals.map((a) => a.approver)).toEqual(['bob']);
    expect(done.status).not.toBe('waiting');

    // A run whose command runs long is stopped by a cancel.
    w.write('.papertrail/runs/slow.yaml', SLOW);
    const slow = await json(post(`${api}/start`, { template: 'slow' }, as(eve)));
    expect(slow.run.requestedBy).toBe('eve');
    const live = await openSse(`${api}/stream?run=${slow.run.id}`);
    await live.until((f) => f.event === 'log' && /sleeping/.test((f.data as { message: string }).message));
    const c = await json(post(`${api}/cancel`, { run: slow.run.id }, as(eve)));
    expect(c.run.status).toBe('canceled');
    await live.until((f) => f.event === 'run' && (f.data as RunView).status === 'canceled');
    // The command is stopped long before its minute is up, and the step ends in error.
    await live.until(
      (f) => f.event === 'log' && /Failed: Sleep: canceled/.test((f.data as { message: string }).message),
      20_000,
    );
    const following = await (await fetch(`${s.url}/metrics`)).text();
    expect(following).toMatch(/^papertrail_run_stream_clients 1$/m);
    live.close();
    const end = await showRun(w.as('test'), slow.run.id);
    expect(end.status).toBe('canceled');
    expect(end.phases[0]!.steps[0]!.state).toBe('error');
    // The approval's wait, the runs by status, whatever process changed them.
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^papertrail_approval_wait_seconds_count\{outcome="approved"\} 1$/m);
    expect(metrics).toMatch(/^papertrail_runs\{status="canceled"\} 1$/m);
    expect(metrics).toMatch(new RegExp(`^papertrail_runs\\{status="${done.status}"\\} 1$`, 'm'));
  }, 240_000);

  it('streams a run live and resumes; a signed check_run flips its gate, a replay changes nothing', async () => {
    w = await opsWorkspace(backend);
    s = await startServer({ root: w.root, port: 0, log: quiet, webhookSecret: SECRET });
    const api = `${s.url}/api/ops`;
    const list = await openSse(`${api}/stream`);
    const started = await json(post(`${api}/start`, SPEC));
    const id = started.run.id;
    const live = await openSse(`${api}/stream?run=${id}`);
    await list.until((f) => f.event === 'run' && (f.data as RunSummary).id === id);
    await live.until((f) => f.event === 'run' && (f.data as RunView).status === 'success');
    const done = await finished(w, id);
    const all = (await showRun(w.as('test'), id)).events.map((e) => e.id);
    await live.until((f) => f.id === all.at(-1));
    const logIds = live.frames.filter((f) => f.event === 'log').map((f) => f.id);
    expect(logIds).toEqual(all);
    await list.until((f) => f.event === 'run' && (f.data as RunSummary).status === 'success');
    expect(done.gates.find((g) => g.name === 'CI: Tests')?.status).toBe('pending');
    // Resumed from a line: exactly what came after.
    const again = await openSse(`${api}/stream?run=${id}`, { 'last-event-id': String(all[2]) });
    await again.until((f) => f.id === all.at(-1));
    expect(again.frames.filter((f) => f.event === 'log').map((f) => f.id)).toEqual(all.slice(3));
    again.close();

    const sha = (done.gates.find((g) => g.name === 'CI: Tests')!.details as { sha: string }).sha;
    const example = structuredClone(EXAMPLES['check-run-completed']!.value) as {
      check_run: Record<string, unknown> & { pull_requests: { number: number; head: { sha: string } }[] };
      repository: { full_name: string };
    };
    example.check_run.name = 'Tests';
    example.check_run.head_sha = sha;
    example.check_run.pull_requests[0]!.number = 1;
    example.check_run.pull_requests[0]!.head.sha = sha;
    example.repository.full_name = 'acme/shop';
    const body = JSON.stringify(example);
    const hook = async () =>
      fetch(`${s!.url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'check_run',
          'x-github-delivery': 'ops-1',
          'x-hub-signature-256': await sign(SECRET, body),
        },
        body,
      });
    expect((await hook()).status).toBe(202);
    await s.settled();
    const flipped = await live.until(
      (f) =>
        f.event === 'run' &&
        (f.data as RunView).gates.some((g) => g.name === 'CI: Tests' && g.status === 'pass'),
    );
    expect((flipped.data as RunView).gates.find((g) => g.name === 'CI: Tests')?.url).toBe(
      example.check_run.html_url,
    );
    const after = await showRun(w.as('test'), id);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(
      /^papertrail_gate_transitions_total\{type="ops.gate.pass"\} 1$/m,
    );
    // A replay is refused and moves nothing (the gate's time included).
    const replay = await hook();
    expect(replay.status).toBe(401);
    await s.settled();
    expect((await showRun(w.as('test'), id)).gates).toEqual(after.gates);
    // Another repository's pull request #1 is not this one's.
    example.repository.full_name = 'other/repo';
    example.check_run.conclusion = 'failure';
    const other = JSON.stringify(example);
    const r = await fetch(`${s.url}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'check_run',
        'x-github-delivery': 'ops-2',
        'x-hub-signature-256': await sign(SECRET, other),
      },
      body: other,
    });
    expect(r.status).toBe(202);
    await s.settled();
    expect((await showRun(w.as('test'), id)).gates).toEqual(after.gates);
    // The check run again on this pull request: each report moves the gate, as the first did.
    example.repository.full_name = 'acme/shop';
    for (const [n, conclusion, status] of [
      [3, 'failure', 'fail'],
      [4, 'success', 'pass'],
    ] as const) {
      example.check_run.conclusion = conclusion;
      const rerun = JSON.stringify(example);
      const res = await fetch(`${s.url}/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'check_run',
          'x-github-delivery': `ops-${n}`,
          'x-hub-signature-256': await sign(SECRET, rerun),
        },
        body: rerun,
      });
      expect(res.status).toBe(202);
      await s.settled();
      const gate = (await showRun(w.as('test'), id)).gates.find((g) => g.name === 'CI: Tests')!;
      expect(gate.status).toBe(status);
      // What the gate was made for (its pull request and commit) stays with it.
      expect(gate.details).toMatchObject({ pr: 1, sha, conclusion });
    }
    live.close();
    list.close();
  }, 240_000);

  it.runIf(backend === 'postgres')(
    'two serve processes on one Postgres: a run started through one streams in the other',
    async () => {
      w = await opsWorkspace(backend);
      s = await startServer({ root: w.root, port: 0, log: quiet });
      const served = await spawnServe(w.root, w.env);
      child = served.child;
      const otherUrl = served.url;
      const list = await openSse(`${otherUrl}/api/ops/stream`);
      w.write('.papertrail/runs/slow.yaml', SLOW);
      const started = await json(post(`${s.url}/api/ops/start`, { template: 'slow' }));
      await list.until((f) => (f.data as RunSummary).id === started.run.id);
      const other = await openSse(`${otherUrl}/api/ops/stream?run=${started.run.id}&after=0`);
      // A line the command prints arrives while the run runs (no audit record comes with it).
      await other.until(
        (f) => f.event === 'log' && /sleeping/.test((f.data as { message: string }).message),
        20_000,
      );
      // Canceled through the other server: the run stops in this one, and the other hears it end.
      expect((await post(`${otherUrl}/api/ops/cancel`, { run: started.run.id })).status).toBe(200);
      await other.until(
        (f) => f.event === 'log' && /Failed: Sleep: canceled/.test((f.data as { message: string }).message),
        20_000,
      );
      const all = (await showRun(w.as('test'), started.run.id)).events.map((e) => e.id);
      await other.until((f) => f.id === all.at(-1));
      expect(other.frames.filter((f) => f.event === 'log').map((f) => f.id)).toEqual(all);
      await list.until(
        (f) => (f.data as RunSummary).id === started.run.id && (f.data as RunSummary).status === 'canceled',
      );
      other.close();
      list.close();
    },
    240_000,
  );
});

const SLOW = slowRunbook('echo sleeping && sleep 60');
