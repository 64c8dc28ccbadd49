// `papertrail serve` on a fresh workspace (embedded store, or DATABASE_URL): webhook ingest with
// signature checks, and the latency from a committed change to its event at N SSE clients.
// Usage: npm run build && node bench/serve.mjs [--deliveries 3000] [--clients 1000]
import http from 'node:http';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { controlRoomWorkspace, startServe } from './serve-process.mjs';
import { loadStore } from './store-module.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const DELIVERIES = arg('deliveries', 3000);
const CLIENTS = arg('clients', 1000);
const CHANGES = arg('changes', 20);
const SECRET = 'bench-secret';

const ws = controlRoomWorkspace('pt-serve-bench-', 'acme/serve-bench');
const { url, child } = await startServe(ws, { PAPERTRAIL_WEBHOOK_SECRET: SECRET });
const cpu0 = process.cpuUsage();
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function postRaw(path, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// 1. Ingest: distinct deliveries, each signed over its own body, 16 in flight.
const bodies = [];
for (let i = 0; i < DELIVERIES; i++) {
  const body = JSON.stringify({
    action: 'opened',
    issue: { number: i + 1, title: `issue ${i}` },
    repository: { full_name: 'o/r' },
  });
  bodies.push([body, await sign(SECRET, body)]);
}
let next = 0;
const statuses = new Map();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: arg('concurrency', 16) }, async () => {
    while (next < DELIVERIES) {
      const i = next++;
      const [body, sig] = bodies[i];
      const s = await postRaw('/webhooks/github', body, {
        'content-type': 'application/json',
        'x-github-event': 'issues',
        'x-github-delivery': `bench-${i}`,
        'x-hub-signature-256': sig,
      });
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
  }),
);
const ingestS = (performance.now() - t0) / 1000;
console.log(
  `ingest: ${DELIVERIES} deliveries in ${ingestS.toFixed(2)} s = ${Math.round(DELIVERIES / ingestS)}/s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
);

// 2. Fan-out: CLIENTS SSE streams; each change is an audit record committed by another connection
// (through serve's socket on the embedded store, or to Postgres), stamped with its commit time.
const arrivals = [];
let connected = 0;
const sseAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const streams = [];
// The changes are made as the app makes them (an audit record appended in a transaction, then
// chained), through the store's own code: on the embedded store over serve's socket.
const { openStore, appendAudit, appendRecord, sealCommitted } = await loadStore();
const store = await openStore({
  url:
    process.env.DATABASE_URL ||
    `postgresql://bench@/postgres?host=${encodeURIComponent(join(ws, '.papertrail', 'serve'))}&port=5432`,
});
const x = { db: store.db, appendRecord };
await new Promise((resolve) => {
  for (let i = 0; i < CLIENTS; i++) {
    const req = http.get(`${url}/api/events`, { agent: sseAgent }, (res) => {
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (d) => {
        buf += d;
        let k = buf.indexOf('\n\n');
        while (k >= 0) {
          const frame = buf.slice(0, k);
          buf = buf.slice(k + 2);
          const m = /"sent":(\d+(?:\.\d+)?)/.exec(frame);
          if (m) arrivals.push(performance.timeOrigin + performance.now() - Number(m[1]));
          k = buf.indexOf('\n\n');
        }
      });
      if (++connected === CLIENTS) resolve();
    });
    req.on('error', () => {});
    streams.push(req);
  }
});
await new Promise((r) => setTimeout(r, 500));
for (let c = 0; c < CHANGES; c++) {
  const sent = performance.timeOrigin + performance.now();
  await store.db
    .transaction()
    .execute((tx) =>
      appendAudit({ db: tx, appendRecord }, [{ actor: 'bench', type: 'bench-change', data: { sent } }]),
    );
  await sealCommitted(x);
  await new Promise((r) => setTimeout(r, 200));
}
await new Promise((r) => setTimeout(r, 1000));
await store.close();
arrivals.sort((a, b) => a - b);
const q = (p) => arrivals[Math.min(arrivals.length - 1, Math.floor(p * arrivals.length))]?.toFixed(1);
console.log(
  `fan-out: ${CHANGES} changes x ${CLIENTS} SSE clients: ${arrivals.length} events, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${arrivals.at(-1)?.toFixed(1)} ms`,
);
for (const r of streams) r.destroy();
const cpu = process.cpuUsage(cpu0);
console.log(
  `bench process CPU: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; store: ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`,
);
child.kill('SIGTERM');
agent.destroy();
sseAgent.destroy();
