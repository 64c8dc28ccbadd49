import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { workClaim, workComplete } from '../../../src/app/execution/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { auditLength, backendsAvailable, type Planned, planned } from '../../app/execution/workspace.js';
import { spawnServe } from '../../helpers/serve.js';
import { openSse } from './sse.js';

// The live feed: the audit trail as Server-Sent Events, resumable with Last-Event-ID, fed by changes
// any process makes (another process's serve on Postgres included).
const names = await backendsAvailable('serve events');
const quiet = { write: () => true } as unknown as never;

/** Reads SSE frames from `url` until the event with id `until` came; returns their ids and types. */
async function events(url: string, until: () => number, headers: Record<string, string> = {}) {
  const sse = await openSse(url, headers);
  const t0 = Date.now();
  try {
    // The target may be learnt after its frames came: look again often rather than wait for a frame.
    while ((sse.frames.at(-1)?.id ?? 0) < until()) {
      if (Date.now() - t0 > 60_000) throw new Error(`stream stopped at ${sse.frames.at(-1)?.id}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    sse.close();
  }
  return sse.frames.map((f) => ({ id: f.id!, type: (f.data as { type: string }).type }));
}

describe.each(names)('live events on %s', (backend) => {
  let p: Planned;
  let s: Running | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGTERM');
    await s?.close();
    s = undefined;
    await p?.cleanup();
  });

  it('streams what any process changes, and resumes from Last-Event-ID', async () => {
    p = await planned(backend);
    s = await startServer({ root: p.repo, port: 0, log: quiet });
    const base = await auditLength(p.app);
    // A change made outside the server (the app, as a CLI command would) arrives live.
    let target = Number.MAX_SAFE_INTEGER;
    const live = events(`${s.url}/api/events?after=${base}`, () => target);
    await new Promise((r) => setTimeout(r, 200));
    await fetch(`${s.url}/api/work/schedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const c = await workClaim(p.app, { executor: 'agent' });
    await workComplete(p.app, { attempt: c!.attempt, token: c!.token });
    target = await auditLength(p.app);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + 1 + i);
    const got = await live;
    expect(got.map((e) => e.id)).toEqual(range(base, target));
    // A client that reconnects with the last id it saw gets exactly what came after.
    const mid = got[Math.floor(got.length / 2)]!.id;
    const resumed = await events(`${s.url}/api/events`, () => target, { 'last-event-id': String(mid) });
    expect(resumed.map((e) => e.id)).toEqual(range(mid, target));
    // ?after=head: nothing of the past, only what comes next.
    let next = Number.MAX_SAFE_INTEGER;
    const fresh = events(`${s.url}/api/events?after=head`, () => next);
    await new Promise((r) => setTimeout(r, 200));
    const c2 = await workClaim(p.app, { executor: 'agent' });
    if (c2) await workComplete(p.app, { attempt: c2.attempt, token: c2.token });
    else await fetch(`${s.url}/api/work/schedule`, { method: 'POST', body: '{}' });
    next = await auditLength(p.app);
    expect(next).toBeGreaterThan(target);
    expect((await fresh).map((e) => e.id)).toEqual(range(target, next));
  }, 240_000);

  it.runIf(backend === 'postgres')(
    'two serve processes on one Postgres see each other’s changes',
    async () => {
      p = await planned(backend);
      s = await startServer({ root: p.repo, port: 0, log: quiet });
      const served = await spawnServe(p.repo, p.env);
      child = served.child;
      const otherUrl = served.url;
      const base = await auditLength(p.app);
      const other = events(`${otherUrl}/api/events?after=${base}`, () => base + 1);
      await new Promise((r) => setTimeout(r, 300));
      // Written through this process's server; seen on the other's stream.
      const r = await fetch(`${s.url}/api/work/schedule`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(r.status).toBe(200);
      expect((await other)[0]!.id).toBe(base + 1);
    },
    240_000,
  );
});
