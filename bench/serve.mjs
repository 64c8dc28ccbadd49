// `papertrail serve` on a fresh workspace (embedded store, or DATABASE_URL): webhook ingest with
// signature checks, the latency from a committed change to its event at N SSE clients, and from a
// signed check_run webhook to the run's moved gate at N followers of the run.
// Usage: npm run build && node bench/serve.mjs [--deliveries 3000] [--clients 1000] [--changes 100]
//   [--phases 1,2,3] (only those phases: 3 alone for the webhook-to-gate figure)
//   [--pin] (Linux: serve on the first CPU, this bench's clients on the others, as when the followers
//   are browsers on other machines; without it both share every CPU and the clients' reads slow serve)
//   [--raw] (the SSE clients read plain sockets instead of Node's HTTP client: see `follow` below)
//   [--each] (Linux: phase 3 also prints the server's CPU time of the first deliveries one by one
//   against the median of the others, read from the scheduler's counters between deliveries)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import { cpus } from 'node:os';
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
const CHANGES = arg('changes', 100);
const SECRET = 'bench-secret';
// Delivery ids are new on every run: on a Postgres kept between runs, a repeated id is a replay,
// refused, and moves nothing.
const RUN = Date.now().toString(36);
const phasesAt = process.argv.indexOf('--phases');
const PHASES = new Set(phasesAt > 0 ? process.argv[phasesAt + 1].split(',').map(Number) : [1, 2, 3]);

const ws = controlRoomWorkspace('pt-serve-bench-', 'acme/serve-bench');
const { url, child } = await startServe(ws, { PAPERTRAIL_WEBHOOK_SECRET: SECRET });
if (process.argv.includes('--pin')) {
  // -a: every thread of the process (libuv's pool and V8's helpers too), not only the main one.
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(child.pid)], { stdio: 'ignore' });
  execFileSync('taskset', ['-a', '-p', '-c', `1-${cpus().length - 1}`, String(process.pid)], {
    stdio: 'ignore',
  });
  console.log(`serve pinned to CPU 0, the bench to CPUs 1-${cpus().length - 1}`);
}
const cpu0 = process.cpuUsage();
/** The server's CPU time so far in ms (Linux; null elsewhere): steadier than latency on a busy machine. */
const serverCpu = () => {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
};
/**
 * The server's CPU time so far in ms, from the scheduler's nanosecond counters (Linux; null
 * elsewhere): the main thread (JavaScript and the embedded database) and all threads. /proc's
 * stat counts in ticks of 10 ms, too coarse for one delivery.
 */
const serverCpuNs = () => {
  try {
    const ns = (task) =>
      Number(readFileSync(`/proc/${child.pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    let all = 0;
    for (const t of readdirSync(`/proc/${child.pid}/task`)) {
      try {
        all += ns(t);
      } catch {
        // A helper thread that ended meanwhile.
      }
    }
    return { main: ns(child.pid) / 1e6, all: all / 1e6 };
  } catch {
    return null;
  }
};
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
if (PHASES.has(1)) {
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
          'x-github-delivery': `bench-${RUN}-${i}`,
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
}

// 2. Fan-out: CLIENTS SSE streams; each change is an audit record committed by another connection
// (through serve's socket on the embedded store, or to Postgres), stamped with its commit time.
const sseAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
// --raw: followers read the stream off plain sockets (the request written by hand, the bytes scanned
// as they come) instead of through Node's HTTP client, whose parsing of 1,000 responses in this one
// process is most of what a change costs here: the figure is then closer to when the bytes arrive.
const RAW = process.argv.includes('--raw');
const { host: HOST, hostname: HOSTNAME, port: PORT } = new URL(url);
function follow(path, onResponse) {
  if (!RAW)
    return http.get(`${url}${path}`, { agent: sseAgent }, (res) => {
      res.setEncoding('utf8');
      onResponse(res);
    });
  const socket = net.connect(Number(PORT), HOSTNAME.replace(/^\[|\]$/g, ''));
  socket.setEncoding('utf8');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nAccept: text/event-stream\r\n\r\n`);
  let head = '';
  socket.on('data', function first(d) {
    head += d;
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    socket.off('data', first);
    onResponse(socket);
    socket.emit('data', head.slice(end + 4));
  });
  return socket;
}
if (PHASES.has(2)) {
  const arrivals = [];
  let connected = 0;
  const streams = [];
  // The changes are made as the app makes them (an audit record appended in a transaction, then
  // chained), through the store's own code: on the embedded store over serve's socket.
  const { openStore, appendAudit, appendRecord, sealCommitted } = await loadStore();
  // Opened as a command opens it: on the embedded store that finds serve and goes through its socket.
  const store = await openStore(
    process.env.DATABASE_URL
      ? { url: process.env.DATABASE_URL }
      : { dataDir: join(ws, '.papertrail', 'store') },
  );
  const x = { db: store.db, appendRecord };
  await new Promise((resolve) => {
    for (let i = 0; i < CLIENTS; i++) {
      const req = follow('/api/events', (res) => {
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
  // The first change is made apart and reported apart: it pays for this process's first write (its
  // connection, the code's first run) and the server's first audit write, which no later change does.
  const change = async () => {
    const sent = performance.timeOrigin + performance.now();
    await store.db
      .transaction()
      .execute((tx) =>
        appendAudit({ db: tx, appendRecord }, [{ actor: 'bench', type: 'bench-change', data: { sent } }]),
      );
    await sealCommitted(x);
    await new Promise((r) => setTimeout(r, 200));
  };
  await change();
  await new Promise((r) => setTimeout(r, 300));
  const first = arrivals.splice(0);
  for (let c = 0; c < CHANGES; c++) await change();
  await new Promise((r) => setTimeout(r, 1000));
  await store.close();
  arrivals.sort((a, b) => a - b);
  first.sort((a, b) => a - b);
  console.log(
    `first change (apart): ${first.length} events, p50 ${first[first.length >> 1]?.toFixed(1)} ms, max ${first.at(-1)?.toFixed(1)} ms`,
  );
  const q = (p) => arrivals[Math.min(arrivals.length - 1, Math.floor(p * arrivals.length))]?.toFixed(1);
  console.log(
    `fan-out: ${CHANGES} changes x ${CLIENTS} SSE clients: ${arrivals.length} events, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${arrivals.at(-1)?.toFixed(1)} ms`,
  );
  for (const r of streams) r.destroy();
}

// 3. The control room's case: a signed check_run webhook moves a run's "CI: Tests" gate, and the run's
// new state reaches CLIENTS followers of that run. A `spec` run opens a pull request on the local
// forge and leaves the gate pending; the deliveries then alternate success and failure, so each one
// moves the gate. A delivery's latency at a client is from just before its POST to the first frame
// that shows the gate's new status there.
if (PHASES.has(3)) {
  const api = async (verb, body) => {
    const r = await fetch(`${url}/api/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return r.json();
  };
  const started = await api('ops/start', { template: 'spec', input: ['payment processing'] });
  const runId = started.run.id;
  let view;
  for (let i = 0; i < 600; i++) {
    view = await api('ops/show', { run: runId });
    if (!['queued', 'running'].includes(view.status)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const gate = view.gates?.find((g) => g.name === 'CI: Tests');
  if (!gate) throw new Error(`the spec run ended ${view.status} without a CI: Tests gate`);
  const example = createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json').components
    .examples['check-run-completed'].value;
  const GATE = /"name":"CI: Tests","status":"(\w+)"/;
  const flips = [];
  const followers = [];
  const joins = [];
  let following = 0;
  const joinT0 = performance.now();
  await new Promise((resolve) => {
    for (let i = 0; i < CLIENTS; i++) {
      const seen = { status: gate.status, buf: '', joined: false };
      joins.push(seen);
      const req = follow(`/api/ops/stream?run=${encodeURIComponent(runId)}`, (res) => {
        res.on('data', (d) => {
          seen.buf += d;
          let k = seen.buf.indexOf('\n\n');
          while (k >= 0) {
            const m = GATE.exec(seen.buf.slice(0, k));
            seen.buf = seen.buf.slice(k + 2);
            if (m) seen.joined = true;
            const flip = flips.at(-1);
            if (m && flip && m[1] !== seen.status && m[1] === flip.to) {
              flip.arrivals.push(performance.now() - flip.at);
              seen.status = m[1];
            }
            k = seen.buf.indexOf('\n\n');
          }
        });
        if (++following === CLIENTS) resolve();
      });
      req.on('error', () => {});
      followers.push(req);
    }
  });
  // A follower has joined once it was sent the run as it is; until then the server still reads for it.
  while (!joins.every((j) => j.joined)) await new Promise((r) => setTimeout(r, 50));
  const joinMs = performance.now() - joinT0;
  await new Promise((r) => setTimeout(r, 500));
  const flipsCpu0 = serverCpu();
  const EACH = process.argv.includes('--each');
  const cpuAt = [];
  for (let c = 0; c < CHANGES + 1; c++) {
    if (EACH) cpuAt.push(serverCpuNs());
    const success = c % 2 === 0;
    const payload = structuredClone(example);
    Object.assign(payload.check_run, { name: 'Tests', conclusion: success ? 'success' : 'failure' });
    payload.check_run.head_sha = gate.details.sha;
    payload.check_run.pull_requests[0].number = gate.details.pr;
    payload.check_run.pull_requests[0].head.sha = gate.details.sha;
    payload.repository.full_name = 'acme/serve-bench';
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'check_run',
      'x-github-delivery': `bench-gate-${RUN}-${c}`,
      'x-hub-signature-256': await sign(SECRET, body),
    };
    flips.push({ to: success ? 'pass' : 'fail', at: performance.now(), arrivals: [] });
    await postRaw('/webhooks/github', body, headers);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  if (EACH) cpuAt.push(serverCpuNs());
  const flipsCpu = flipsCpu0 === null ? null : serverCpu() - flipsCpu0;
  for (const r of followers) r.destroy();
  // The first delivery is reported apart, as the first change above.
  const [firstFlip, ...rest] = flips;
  const flipped = rest.flatMap((f) => f.arrivals).sort((a, b) => a - b);
  const fq = (p) => flipped[Math.min(flipped.length - 1, Math.floor(p * flipped.length))]?.toFixed(1);
  // Which deliveries make the tail: p99 of all arrivals is set by the slowest one or two.
  const worst = rest
    .map((f, i) => [i + 1, Math.max(...f.arrivals)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([i, ms]) => `#${i} ${ms.toFixed(1)} ms`)
    .join(', ');
  console.log(
    `${CLIENTS} followers joined in ${joinMs.toFixed(0)} ms; gate flips by webhook: first (apart) max ${Math.max(...firstFlip.arrivals).toFixed(1)} ms; ${CHANGES} deliveries x ${CLIENTS} followers of the run: ${flipped.length} events, p50 ${fq(0.5)} ms, p99 ${fq(0.99)} ms, max ${flipped.at(-1)?.toFixed(1)} ms` +
      (flipsCpu === null ? '' : `; server CPU ${(flipsCpu / (CHANGES + 1)).toFixed(1)} ms a delivery`) +
      `; slowest deliveries (last arrival): ${worst}`,
  );
  if (EACH && cpuAt.every(Boolean)) {
    // Each delivery's share: from just before its POST to just before the next one's (its work
    // schedule pass included); the last one's runs to the end of the wait after it.
    const each = (k) => cpuAt.slice(1).map((t, i) => t[k] - cpuAt[i][k]);
    const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const fmt = (k) => {
      const ms = each(k);
      return `first (apart) ${ms[0].toFixed(1)}, #1-#5 ${ms
        .slice(1, 6)
        .map((x) => x.toFixed(1))
        .join(' ')}, median #6-#${CHANGES} ${med(ms.slice(6)).toFixed(1)} ms`;
    };
    const latest = (i) => Math.max(...flips[i].arrivals);
    console.log(
      `server CPU a delivery, main thread: ${fmt('main')}; all threads: ${fmt('all')}; last arrival #1-#5 ${[
        1, 2, 3, 4, 5,
      ]
        .map((i) => latest(i).toFixed(1))
        .join(
          ' ',
        )} ms, median #6-#${CHANGES} ${med(flips.slice(6).map((f) => Math.max(...f.arrivals))).toFixed(1)} ms`,
    );
  }
}
const cpu = process.cpuUsage(cpu0);
console.log(
  `bench process CPU: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; store: ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`,
);
child.kill('SIGTERM');
agent.destroy();
sseAgent.destroy();
