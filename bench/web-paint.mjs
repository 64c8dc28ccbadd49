// First paint of the control room's Run page with a long log, in headless Chromium (Debian's).
// The built app (dist/web, `npm run build` first) is served with a stand-in API that answers one run
// with N log lines, so the figure is the page's own: fetching the lines, rendering, painting.
//
//   node bench/web-paint.mjs [--lines 10000] [--runs 5] [--shot FILE]
//
// Timed per run, in a fresh tab: from navigation start to the frame after the log's last line is in
// the page (the log follows to the bottom, so that is the first paint of the full page).

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { launchChromium } from '../scripts/chromium.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('lines', 10_000);
const RUNS = arg('runs', 5);
// --shot FILE: a screenshot of the painted page, to look at.
const SHOT = process.argv.includes('--shot') ? process.argv[process.argv.indexOf('--shot') + 1] : null;
const dist = new URL('../dist/web/', import.meta.url);

const id = '0b7e2c1a-5d3f-4e8a-9c6b-2f1e0d9c8b7a';
const t0 = Date.parse('2026-12-06T10:00:00Z');
const lines = Array.from({ length: LINES }, (_, i) => ({
  id: i + 1,
  ts: new Date(t0 + i * 50).toISOString(),
  level: i % 97 === 0 ? 'warn' : 'info',
  source: 'command',
  phase: i < LINES / 2 ? 'build' : 'deploy',
  message: `step ${i + 1}: compiled module ${(i * 7919) % 1000} in ${(i * 31) % 400} ms`,
  data: null,
}));
const run = {
  id,
  short: id.slice(0, 8),
  env: 'staging',
  kind: 'deploy',
  template: 'deploy-service',
  intent: 'deploy the api to staging',
  status: 'running',
  risk: 'medium',
  requestedBy: 'ada',
  createdAt: new Date(t0).toISOString(),
  finishedAt: null,
  quorum: 1,
  approvalDeadline: null,
  startedAt: new Date(t0).toISOString(),
  errorMessage: null,
  phases: [
    {
      name: 'build',
      state: 'success',
      steps: [{ id: 'b', title: 'Build', kind: 'command', state: 'success' }],
    },
    {
      name: 'deploy',
      state: 'running',
      steps: [{ id: 'd', title: 'Deploy', kind: 'command', state: 'running' }],
    },
  ],
  gates: [{ name: 'CI: Tests', status: 'pass', url: null }],
  artifacts: [],
  approvals: [],
};

const types = { js: 'text/javascript', css: 'text/css', html: 'text/html' };
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const json = (o) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, ...o }));
  };
  // As the server: the run with the first 10,000 lines of its log.
  if (url.pathname === '/api/ops/show') return json({ ...run, events: lines.slice(0, 10_000) });
  if (url.pathname === '/api/ops/events') {
    let body = '';
    for await (const c of req) body += c;
    const { after = 0, limit = 1000 } = JSON.parse(body || '{}');
    return json({ events: lines.filter((l) => l.id > after).slice(0, limit) });
  }
  if (url.pathname === '/api/ops/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    return res.write(': open\n\n');
  }
  const file = url.pathname.startsWith('/assets/') ? url.pathname.slice(1) : 'index.html';
  try {
    const body = readFileSync(new URL(file, dist));
    res.writeHead(200, { 'content-type': types[file.split('.').pop()] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const { context, close } = await launchChromium();
const times = [];
let inPage = 0;
try {
  for (let i = 0; i <= RUNS; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/runs/${id}`);
    await page.waitForSelector(`.log-line[data-id="${LINES}"]`, { timeout: 30_000 });
    const ms = await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => r(performance.now()))),
    );
    inPage = await page.locator('.log-line').count();
    if (SHOT && i === RUNS) await page.screenshot({ path: SHOT, fullPage: true });
    if (i > 0) times.push(ms); // the first run warms Chromium's caches of the page's files
    await page.close();
  }
} finally {
  await close();
  server.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `Run page, ${LINES} log lines: first paint median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}; ${RUNS} runs after 1 warm-up); ${inPage} line elements in the page`,
);
