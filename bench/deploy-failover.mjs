// A deploy whose primary runner goes offline: the time from the runner going offline to the deploy's
// failover decision, and the GitHub API calls the deploy made meanwhile. The OpenAPI-checked fake
// GitHub (test/fakes/github, bundled by esbuild like the store benches) runs in this process; the
// deploy is `papertrail ops start deploy` in its own process with the default poll interval (20 s,
// or --poll SECONDS), as a user runs it. The primary runner is busy, so the dispatched job waits in the
// queue; --offline-after SECONDS (default 30) later the runner goes offline, and the deploy should
// fail over to the secondary pool, whose runner takes the job (this process finishes it).
//   npm run build && node bench/deploy-failover.mjs [--runs 3] [--poll 20] [--offline-after 30]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './store-module.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 3);
const POLL = arg('poll', 20);
// How long the deploy's job has waited in the queue when the runner goes offline.
const OFFLINE_AFTER = arg('offline-after', 30);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'papertrail.js');

const out = join(mkdtempSync(join(root, 'node_modules', '.cache', 'pt-bench-fake-')), 'fake.mjs');
await bundle({ entryPoints: [join(root, 'test', 'fakes', 'github', 'index.ts')] }, out);
const { startFakeGitHub } = await import(pathToFileURL(out).href);
const { fakeOctokit } = await import(
  pathToFileURL(
    await (async () => {
      const o = join(mkdtempSync(join(root, 'node_modules', '.cache', 'pt-bench-fake-')), 'octokit.mjs');
      await bundle({ entryPoints: [join(root, 'test', 'fakes', 'github', 'octokit.ts')] }, o);
      return o;
    })(),
  ).href
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once(run) {
  const fake = await startFakeGitHub();
  try {
    const repo = `svc${run}`;
    await fakeOctokit(fake).rest.repos.createInOrg({ org: 'acme', name: repo, auto_init: true });
    fake.actions.addWorkflow(`acme/${repo}`, 'deploy.yml', 'Deploy');
    fake.actions.addRunner({ repo: `acme/${repo}`, name: 'prod-1', labels: ['self-hosted', 'prod'] });
    fake.actions.addRunner({ org: 'acme', name: 'dr-1', labels: ['self-hosted', 'prod-dr'] });
    const ws = mkdtempSync(join(tmpdir(), 'pt-failover-bench-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: ws });
    writeFileSync(
      join(ws, 'papertrail.yaml'),
      `version: 1\nforge: github\nrepo: acme/${repo}\nenvironments:\n  prod:\n    approval: never\n` +
        '    runners: { primary: [self-hosted, prod], secondary: [self-hosted, prod-dr] }\n' +
        '    pickupMinutes: 5\n    deploy: { workflow: deploy.yml }\n',
    );
    execFileSync(process.execPath, [bin, 'init', '--tools', 'none'], { cwd: ws, stdio: 'ignore' });
    // The primary runner is busy with another job, so the deploy's job waits in the queue for it.
    fake.actions.setRunner('prod-1', { busy: true });
    const child = spawn(
      process.execPath,
      [bin, 'ops', 'start', 'deploy', '--input', 'environment=prod', '--json'],
      {
        cwd: ws,
        env: {
          ...process.env,
          GITHUB_TOKEN: fake.token,
          GITHUB_API_URL: fake.url,
          PAPERTRAIL_DEPLOY_POLL: String(POLL),
          PAPERTRAIL_ACTOR: 'bench',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const exited = new Promise((r) => child.once('exit', r));
    // The deploy's job waits for the busy primary runner; then that runner goes offline.
    let queuedAt = null;
    let offlineAt = null;
    let failoverAt = null;
    let callsAtOffline = 0;
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done) {
      const jobs = fake.actions.world.jobs;
      if (queuedAt === null && jobs.some((j) => j.status === 'queued')) queuedAt = performance.now();
      if (offlineAt === null && queuedAt !== null && performance.now() - queuedAt >= OFFLINE_AFTER * 1000) {
        fake.actions.setRunner('prod-1', { status: 'offline' });
        offlineAt = performance.now();
        callsAtOffline = fake.calls.length;
      }
      // The failover is the second dispatch, to the secondary labels.
      const dispatches = fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/dispatches'));
      if (failoverAt === null && dispatches.length >= 2) failoverAt = performance.now();
      for (const j of jobs)
        if (j.status === 'in_progress' && j.runnerName === 'dr-1') fake.actions.finishJob(j.id, 'success');
      await sleep(10);
    }
    const code = await exited;
    if (code !== 0) throw new Error(`ops start exited ${code}: ${stdout.slice(0, 400)}`);
    const status = JSON.parse(stdout).run.status;
    const reads = fake.calls.slice(callsAtOffline).filter((c) => c.method === 'GET');
    const upTo = fake.calls
      .slice(callsAtOffline)
      .findIndex((c) => c.method === 'POST' && c.path.endsWith('/cancel'));
    return {
      status,
      detectMs: failoverAt - offlineAt,
      readsToDecision: fake.calls
        .slice(callsAtOffline, callsAtOffline + upTo)
        .filter((c) => c.method === 'GET').length,
      reads: reads.length,
      calls: fake.calls.length,
    };
  } finally {
    await fake.close();
  }
}

const results = [];
for (let r = 0; r < RUNS; r++) results.push(await once(r));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `deploy failover, poll every ${POLL} s, runner offline ${OFFLINE_AFTER} s after the job is queued, ${RUNS} run(s), node ${process.version}`,
);
for (const r of results)
  console.log(
    `  ${r.status}: offline -> failover ${(r.detectMs / 1000).toFixed(1)} s, ${r.readsToDecision} GitHub reads until the decision, ${r.calls} calls in all`,
  );
console.log(`  median offline -> failover ${(median(results.map((r) => r.detectMs)) / 1000).toFixed(1)} s`);
process.exit(0);
