import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { etagFile, openForge, withStore } from '../../../src/app/kernel/index.js';
import {
  type GatePoller,
  onRunChange,
  pollGates,
  type RunChange,
  showRun,
  startGatePoller,
} from '../../../src/app/ops/index.js';
import { createRun, moveRun, type NewRun } from '../../../src/ports/store/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github/index.js';
import { repoWithBranch } from '../../fakes/github/octokit.js';
import { cliAsync } from '../../helpers/cli.js';
import { spawnServe } from '../../helpers/serve.js';
import { specRun } from '../../helpers/spec-run.js';
import { type BackendName, backendsAvailable, type OpsWorkspace, opsWorkspace } from './workspace.js';

// Runs' CI gates following GitHub's checks by polling, against the fake GitHub: conditional reads
// (a 304 when nothing changed), GitHub's states mapped as a webhook's are, one poller per Postgres,
// and nothing left running once serve closes; on the embedded store and on Postgres.
const names = await backendsAvailable('gate poller');
const REPO = { owner: 'acme', repo: 'shop' };
const GITHUB_ENV = ['GITHUB_TOKEN', 'GITHUB_API_URL', 'PAPERTRAIL_GITHUB_PACE'] as const;

const newRun = (sha: string): NewRun =>
  specRun([{ name: 'CI: Tests', details: { pr: 1, head: 'feature/x', sha, check: 'Tests' } }]);

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(names)('gate poller on %s', (backend: BackendName) => {
  let w: OpsWorkspace | undefined;
  let fake: FakeGitHub | undefined;
  const pollers: GatePoller[] = [];

  afterEach(async () => {
    for (const p of pollers.splice(0)) await p.stop();
    for (const k of GITHUB_ENV) delete process.env[k];
    const f = fake;
    fake = undefined;
    await f?.close();
    await w?.cleanup();
    w = undefined;
    expect(f?.violations ?? []).toEqual([]);
  });

  /** acme/shop on the fake with `feature/x` one commit ahead, a GitHub workspace on it, and a run
   * waiting on "CI: Tests" for that commit. */
  async function setup(opsYaml = '') {
    fake = await startFakeGitHub({ login: 'acme' });
    const { octokit, head: sha } = await repoWithBranch(fake, REPO, 'feature/x');
    Object.assign(process.env, {
      GITHUB_TOKEN: fake.token,
      GITHUB_API_URL: fake.url,
      PAPERTRAIL_GITHUB_PACE: '0',
    });
    w = await opsWorkspace(backend, `forge: github\n${opsYaml}`);
    const app = w.as('test');
    const run = await withStore(app, ({ x }) => createRun(x, newRun(sha)));
    const gate = async () => (await showRun(app, run.id)).gates.find((g) => g.name === 'CI: Tests')!;
    const checkReads = () =>
      fake!.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/commits/${sha}/check-runs`));
    return { app, octokit, sha, run, gate, checkReads, fake, w };
  }

  it('moves a pending gate to pass once its check run completes; an unchanged read is a 304', async () => {
    const { app, octokit, sha, run, gate, checkReads } = await setup();
    const check = await octokit.rest.checks.create({
      ...REPO,
      name: 'Tests',
      head_sha: sha,
      status: 'in_progress',
    });
    const heard: RunChange[] = [];
    const off = onRunChange((c) => heard.push(c));
    const { forge, close } = await openForge(app);
    try {
      expect((await pollGates(app, forge)).moved).toEqual([]);
      expect((await pollGates(app, forge)).moved).toEqual([]);
      expect((await gate()).status).toBe('pending');
      // The second read sent the first's ETag and GitHub answered that nothing changed.
      expect(checkReads().map((c) => [c.conditional, c.status])).toEqual([
        [false, 200],
        [true, 304],
      ]);
      await octokit.rest.checks.update({ ...REPO, check_run_id: check.data.id, conclusion: 'success' });
      const r = await pollGates(app, forge);
      expect(r.moved.map((m) => [m.run, m.gate.name, m.gate.status])).toEqual([
        [run.id, 'CI: Tests', 'pass'],
      ]);
      expect(checkReads().map((c) => [c.conditional, c.status])[2]).toEqual([true, 200]);
    } finally {
      off();
      await close();
    }
    expect(await gate()).toMatchObject({ status: 'pass', url: check.data.html_url });
    expect(heard).toContainEqual({ type: 'gate', run: run.id, gate: 'CI: Tests', status: 'pass' });
    // A gate that has left pending is not read again.
    const { forge: again, close: closeAgain } = await openForge(app);
    const reads = checkReads().length;
    expect(await pollGates(app, again)).toMatchObject({ refs: 0, moved: [] });
    await closeAgain();
    expect(checkReads().length).toBe(reads);
  }, 120_000);

  it('fails the gate on a failure conclusion, polling every interval until it does', async () => {
    const { app, octokit, sha, gate, checkReads } = await setup('ops:\n  pollSeconds: 1\n');
    const check = await octokit.rest.checks.create({
      ...REPO,
      name: 'Tests',
      head_sha: sha,
      status: 'queued',
    });
    const p = startGatePoller(app, { intervalMs: 50 });
    pollers.push(p);
    await until('two reads', () => checkReads().length >= 2);
    expect((await gate()).status).toBe('pending');
    await octokit.rest.checks.update({ ...REPO, check_run_id: check.data.id, conclusion: 'failure' });
    await until('the gate to fail', async () => (await gate()).status === 'fail');
    expect((await gate()).details).toMatchObject({ check: 'Tests', conclusion: 'failure' });
    await p.stop();
    const reads = checkReads().length;
    await new Promise((r) => setTimeout(r, 200));
    expect(checkReads().length).toBe(reads);
  }, 120_000);

  it('writes its ETags for the next process while it polls, not only when it stops', async () => {
    const { app, octokit, sha, checkReads } = await setup();
    await octokit.rest.checks.create({ ...REPO, name: 'Tests', head_sha: sha, status: 'queued' });
    const file = etagFile(app.ws.root);
    expect(existsSync(file)).toBe(false);
    const p = startGatePoller(app, { intervalMs: 50, keepEtagsMs: 0 });
    pollers.push(p);
    await until('two reads', () => checkReads().length >= 2);
    // Still polling (as a serve killed now would leave it): the answers' ETags are on disk.
    await until('the ETag file', () => existsSync(file));
    expect(readFileSync(file, 'utf8')).toContain(`/commits/${sha}/check-runs`);
    expect(p.polls).toBeGreaterThan(0);
  }, 120_000);

  it('backs off as GitHub says when it refuses for its rate limit', async () => {
    const { app, octokit, sha, gate, checkReads, fake } = await setup();
    await octokit.rest.checks.create({ ...REPO, name: 'Tests', head_sha: sha, conclusion: 'success' });
    fake.fail({
      status: 429,
      path: new RegExp(`/commits/${sha}/check-runs$`),
      headers: { 'retry-after': '120' },
      times: 10,
    });
    const errors: string[] = [];
    const p = startGatePoller(app, {
      intervalMs: 50,
      onError: (e) => errors.push((e as { code?: string }).code ?? ''),
    });
    pollers.push(p);
    // octokit's own retries come first; the poller hears the refusal once they are spent.
    await until('the refusal', () => errors.length === 1, 60_000);
    const reads = checkReads().length;
    await new Promise((r) => setTimeout(r, 1500));
    // Two minutes asked for: no read meanwhile, and the gate waits.
    expect([errors, checkReads().length, p.polls, (await gate()).status]).toEqual([
      ['forge/rate-limited'],
      reads,
      0,
      'pending',
    ]);
  }, 120_000);

  it('ops show --follow waits for the pending gate of a finished run and prints it as it moves', async () => {
    const { app, octokit, sha, run, w, checkReads } = await setup('ops:\n  pollSeconds: 1\n');
    await withStore(app, ({ x }) => moveRun(x, run.id, ['queued'], 'success', { actor: 'test' }));
    const check = await octokit.rest.checks.create({
      ...REPO,
      name: 'Tests',
      head_sha: sha,
      status: 'queued',
    });
    const follow = cliAsync(['ops', 'show', run.id, '--follow'], { cwd: w.root, env: w.env });
    await until('the CLI to read the checks', () => checkReads().length >= 1, 60_000);
    await octokit.rest.checks.update({ ...REPO, check_run_id: check.data.id, conclusion: 'success' });
    const r = await follow;
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('gate CI: Tests: pass');
    expect(checkReads().length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it.runIf(backend === 'postgres')(
    'lets one process of a Postgres poll at a time',
    async () => {
      const { app, w, checkReads } = await setup();
      const a = startGatePoller(app, { intervalMs: 50, exclusive: true });
      pollers.push(a);
      await until('the first poller to poll', () => a.polls >= 2);
      const b = startGatePoller(w.as('other'), { intervalMs: 50, exclusive: true });
      pollers.push(b);
      const before = checkReads().length;
      await until('more polls by the first', () => a.polls >= 8);
      expect([a.leading, b.leading, b.polls]).toEqual([true, false, 0]);
      expect(checkReads().length).toBeGreaterThan(before);
      // The holder stops: the other takes over.
      await a.stop();
      await until('the second poller to take over', () => b.polls >= 1);
      expect(b.leading).toBe(true);
    },
    120_000,
  );

  it('leaves no timer once serve closes: the process exits by itself', async () => {
    const { w, checkReads } = await setup('ops:\n  pollSeconds: 1\n');
    const { child } = await spawnServe(w.root, w.env);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until('serve to poll GitHub', () => checkReads().length >= 2, 60_000);
      // SIGTERM closes the server; the process then ends only when nothing is left to run.
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000)),
      ]);
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
