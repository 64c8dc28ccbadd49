// First paint of the control room's Run page with a long log, in headless Chromium (Debian's).
// A real `papertrail serve` on a fresh workspace (embedded store) serves the built app (dist/web,
// `npm run build` first) and a stored run whose command printed N lines, so the figure covers the
// server's reading of the run and its log as well as the page's fetching, rendering and painting.
//
//   node bench/web-paint.mjs [--lines 10000] [--runs 5] [--shot FILE]
//
// Timed per run, in a fresh tab: from navigation start to the frame after the log's last line is in
// the page (the log follows to the bottom, so that is the first paint of the full page).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../scripts/chromium.mjs';
import { BIN as bin, controlRoomWorkspace, startServe } from './serve-process.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('lines', 10_000);
const RUNS = arg('runs', 5);
// --shot FILE: a screenshot of the painted page, to look at.
const SHOT = process.argv.includes('--shot') ? process.argv[process.argv.indexOf('--shot') + 1] : null;

// A workspace with one finished run whose command printed LINES lines.
const ws = controlRoomWorkspace('pt-web-paint-', 'acme/paint');
mkdirSync(join(ws, '.papertrail', 'runs'), { recursive: true });
writeFileSync(
  join(ws, '.papertrail', 'runs', 'long-log.yaml'),
  [
    'slug: long-log',
    'title: Long log',
    'kind: healthcheck',
    'risk: { level: low, codes: [READ_ONLY] }',
    'phases:',
    '  - name: Build',
    '    steps:',
    '      - id: build',
    '        title: Print the log',
    '        run: |',
    `          node -e "for (let i = 1; i <= ${LINES}; i++) console.log('step ' + i + ': compiled module ' + ((i * 7919) % 1000) + ' in ' + ((i * 31) % 400) + ' ms')"`,
    '',
  ].join('\n'),
);
const started = JSON.parse(
  execFileSync(process.execPath, [bin, 'ops', 'start', 'long-log', '--json'], { cwd: ws, encoding: 'utf8' }),
);
const id = started.run?.id ?? started.id;
if (!id) throw new Error(`no run id in ${JSON.stringify(started).slice(0, 300)}`);

const { url: base, child: server } = await startServe(ws);

const { context, close } = await launchChromium();
const times = [];
let inPage = 0;
try {
  for (let i = 0; i <= RUNS; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/runs/${id}`);
    await page.waitForSelector(`.log-line:has-text("step ${LINES}: ")`, { timeout: 30_000 });
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
  server.kill('SIGTERM');
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `Run page, ${LINES} log lines: first paint median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}; ${RUNS} runs after 1 warm-up); ${inPage} line elements in the page`,
);
