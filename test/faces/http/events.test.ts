import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workClaim, workComplete } from '../../../src/app/execution/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { auditLength, backendsAvailable, type Planned, planned } from '../../app/execution/workspace.js';

// The live feed: the audit trail as Server-Sent Events, resumable with Last-Event-ID, fed by changes
// any process makes (another process's serve on Postgres included).
const names = await backendsAvailable('serve events');
const quiet = { write: () => true } as unknown as never;

/** Reads SSE frames from `url` until the event with id `until` came; returns their ids and types. */
async function events(url: string, until: () => number, headers: Record<string, string> = {}) {
  const ctl = new AbortController();
  const res = await fetch(url, { headers, signal: ctl.signal });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const got: { id: number; type: string }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  const timer = setTimeout(() => ctl.abort(), 60_000);
  // `until` can rise after the last frame came (the caller learns the target later), so the wait for
  // the next frame gives way every 100 ms to look again.
  let next: ReturnType<typeof reader.read> | null = null;
  try {
    while ((got.at(-1)?.id ?? 0) < until()) {
      next ??= reader.read();
      const r = await Promise.race([next, new Promise<null>((ok) => setTimeout(() => ok(null), 100))]);
      if (r === null) continue;
      next = null;
      const { value, done } = r;
      if (done) break;
      buf += value;
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (id && data) got.push({ id: Number(id), type: (JSON.parse(data) as { type: string }).type });
        i = buf.indexOf('\n\n');
      }
    }
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return got;
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
  }, 240_000);

  it.runIf(backend === 'postgres')(
    'two serve processes on one Postgres see each other’s changes',
    async () => {
      p = await planned(backend);
      s = await startServer({ root: p.repo, port: 0, log: quiet });
      child = spawn(process.execPath, [join(process.cwd(), 'bin/papertrail.js'), 'serve', '--port', '0'], {
        cwd: p.repo,
        env: { ...process.env, ...p.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const otherUrl = await new Promise<string>((resolve, reject) => {
        let err = '';
        child!.stderr!.on('data', (d) => {
          err += String(d);
          const m = /papertrail serve: (\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
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
