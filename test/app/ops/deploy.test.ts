import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, watchStore, withStore } from '../../../src/app/kernel/index.js';
import { approveRun, cancelRun, type OpsDeps, showRun, startRun } from '../../../src/app/ops/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { enqueueDeploy, readAudit, takeDeployTurn } from '../../../src/ports/store/index.js';
import { MemoryActions } from '../../helpers/memory-actions.js';
import { rejectionOf } from '../../helpers/refusal.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from './workspace.js';

const names = await backendsAvailable('ops deploys');
const wired = await opsDeps();

const env = (name: string, body: string) =>
  `  ${name}:\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

async function deployRecords(app: App) {
  const audit = await withStore(app, (s) => readAudit(s.x));
  return audit
    .filter((a) => a.type === 'ops-deploy')
    .map((a) => a.data as { run: string; decision: string; outcome?: string; message?: string });
}

describe.each(names)('deploys on %s', (backend) => {
  let w: OpsWorkspace;
  afterEach(async () => w?.cleanup());

  it('a failing deploy that is not idempotent is rolled back, each decision in the log and the audit trail', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'staging',
        `
approval: never
deploy: { command: 'echo "deploying $PT_DEPLOY_REF to $PT_DEPLOY_ENVIRONMENT"; exit 3' }
rollback: { command: 'echo rolled-back > rollback.txt' }
`,
      )}`,
    );
    const app = w.as('Ana');
    const r = await startRun(app, { template: 'deploy', input: ['environment=staging', 'ref=v2'] }, wired);
    expect(r.plan.env).toBe('staging');
    expect(r.plan.deploys).toEqual([{ environment: 'staging', ref: 'v2', approval: 'never' }]);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toBe('deploy command exit code 3; rolled back');
    expect(readFileSync(join(w.root, 'rollback.txt'), 'utf8')).toBe('rolled-back\n');
    const shown = await showRun(app, r.run.id);
    expect(shown.events.map((e) => e.message)).toContain('deploying v2 to staging');
    expect(shown.gates.map((g) => [g.name, g.status])).toEqual([['Preflight: constitution', 'skipped']]);
    const decisions = (await deployRecords(app)).map((d) => d.decision);
    expect(decisions).toEqual([
      'queued',
      'started',
      'approval',
      'preflight-constitution',
      'no-retry',
      'rollback',
      'rolled-back',
      'finished',
    ]);
    expect((await deployRecords(app)).at(-1)).toMatchObject({ outcome: 'rolled_back' });
  }, 120_000);

  it('an idempotent deploy is retried until it passes its health check', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'staging',
        `
approval: never
deploy: { command: 'echo x >> tries.txt; test $(wc -l < tries.txt) -ge 2', idempotent: true, retries: 2 }
health:
  - { name: smoke, command: 'test -s tries.txt', timeoutSeconds: 5 }
rollback: { command: 'echo never > rollback.txt' }
`,
      )}`,
    );
    const app = w.as('Ana');
    const r = await startRun(app, { template: 'deploy', input: ['environment=staging'] }, wired);
    expect(r.run.status).toBe('success');
    expect(readFileSync(join(w.root, 'tries.txt'), 'utf8')).toBe('x\nx\n');
    const records = await deployRecords(app);
    expect(records.map((d) => d.decision)).toEqual([
      'queued',
      'started',
      'approval',
      'preflight-constitution',
      'retry',
      'health',
      'succeeded',
      'finished',
    ]);
    expect(records.find((d) => d.decision === 'retry')?.message).toMatch(/attempt 2 of 3/);
  }, 120_000);

  it('a deploy waits for approval by the risk rule in prod, always when told, never when told', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env('prod', `deploy: { command: 'true' }`)}${env('staging', 'approval: always\ndeploy: { command: "true" }')}${env('qa', 'approval: never\ndeploy: { command: "true" }')}`,
    );
    const app = w.as('Ana');
    const prod = await startRun(
      app,
      { template: 'deploy', input: ['environment=prod'], actor: 'Ana' },
      wired,
    );
    expect([prod.plan.env, prod.run.status, prod.plan.approval.required]).toEqual(['prod', 'waiting', true]);
    const approved = await approveRun(
      w.as('Bob'),
      { run: prod.run.id, reason: 'change window CHG-7', actor: 'Bob' },
      wired,
    );
    expect(approved.run.status).toBe('success');
    expect((await deployRecords(app)).find((d) => d.decision === 'approval')).toMatchObject({
      run: prod.run.id,
      approvers: ['Bob'],
      message: 'Approved by Bob ("change window CHG-7") (approval: risk)',
    });
    const staging = await startRun(app, { template: 'deploy', input: ['environment=staging'] }, wired);
    expect(staging.run.status).toBe('waiting');
    const why = (await showRun(app, staging.run.id)).events.map((e) => e.message);
    expect(why).toContain(
      'Deploy to staging (approval: always) requires manual approval: 1 approval(s) by anyone other than Ana',
    );
    // approval: never holds even for a high-risk run in prod.
    const qa = await startRun(app, { template: 'deploy', input: ['environment=qa'], env: 'prod' }, wired);
    expect([qa.plan.env, qa.run.status]).toEqual(['prod', 'success']);
    const e = await rejectionOf(startRun(app, { template: 'deploy', input: ['environment=nowhere'] }, wired));
    expect(e).toMatchObject({ code: 'deploy/unknown-environment', exit: 3 });
  }, 120_000);

  it('two deploys of one environment started together run one after the other, in order', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'staging',
        `
approval: never
deploy: { command: 'echo "start $PT_INPUT_REF" >> order.txt; sleep 1; echo "end $PT_INPUT_REF" >> order.txt' }
`,
      )}`,
    );
    const app = w.as('Ana');
    // As under serve: one store kept open for every run of the process.
    const watch = await watchStore(app, () => {});
    try {
      const deps: OpsDeps = { ...wired, deployPollMs: 50 };
      const queued = async (ref: string) => {
        const r = await startRun(
          app,
          { template: 'deploy', input: ['environment=staging', `ref=${ref}`] },
          deps,
          {
            execute: false,
          },
        );
        return r.run.id;
      };
      const ids = [await queued('a'), await queued('b'), await queued('c')];
      const { executeRun } = await import('../../../src/app/ops/execute.js');
      const running: Promise<unknown>[] = [];
      for (const id of ids) {
        running.push(executeRun(app, id, deps));
        // The next one starts once this one is in the queue.
        for (;;) {
          const s = await showRun(app, id);
          if (s.events.some((e) => e.message.startsWith('Queued to deploy'))) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      await Promise.all(running);
      expect(readFileSync(join(w.root, 'order.txt'), 'utf8').trim().split('\n')).toEqual([
        'start a',
        'end a',
        'start b',
        'end b',
        'start c',
        'end c',
      ]);
      const waited = (await deployRecords(app)).filter((d) => d.decision === 'waiting');
      expect(waited.map((d) => d.run)).toContain(ids[2]);
    } finally {
      await watch.close();
    }
  }, 120_000);

  it('primary runners offline: the workflow fails over to the secondary pool and succeeds', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'prod',
        `
approval: never
runners: { primary: [self-hosted, prod], secondary: [self-hosted, prod-dr], controls: [sso, audit-log] }
pickupMinutes: 5
deploy: { workflow: deploy.yml }
`,
      )}`,
    );
    const gh = new MemoryActions();
    gh.addRunner('prod-1', ['self-hosted', 'prod'], 'offline');
    gh.addRunner('prod-2', ['self-hosted', 'prod'], 'offline');
    gh.addRunner('dr-1', ['self-hosted', 'prod-dr']);
    gh.addRunner('other', ['self-hosted', 'linux']);
    const deps: OpsDeps = { ...wired, actions: () => gh, deployPollMs: 10 };
    const app = w.as('Ana');
    const r = await startRun(app, { template: 'deploy', input: ['environment=prod', 'ref=v3'] }, deps);
    expect(r.run.status).toBe('success');
    expect(gh.dispatches.map((d) => JSON.parse(d.inputs.runner_labels!))).toEqual([
      ['self-hosted', 'prod'],
      ['self-hosted', 'prod-dr'],
    ]);
    expect(gh.dispatches[0]!.inputs).toMatchObject({ environment: 'prod', ref: 'v3', run: r.run.id });
    expect(gh.runs.map((x) => x.conclusion)).toEqual(['success', 'cancelled']);
    expect(gh.jobs.find((j) => j.conclusion === 'success')?.runnerName).toBe('dr-1');
    expect(gh.deployments).toEqual([
      { id: expect.any(Number), ref: 'v3', environment: 'prod', statuses: ['in_progress', 'success'] },
    ]);
    const records = await deployRecords(app);
    const failover = records.find((d) => d.decision === 'failover') as unknown as {
      detectSeconds: number;
      pools: { pool: string; verdict: string; runners: { name: string; state: string }[] }[];
    };
    expect(failover.detectSeconds).toBeLessThan(300);
    expect(
      failover.pools.map((p) => [p.pool, p.verdict, p.runners.map((x) => `${x.name} ${x.state}`)]),
    ).toEqual([
      ['primary', 'down', ['prod-1 offline', 'prod-2 offline']],
      ['secondary', 'ready', ['dr-1 idle']],
    ]);
    const shown = await showRun(app, r.run.id);
    expect(shown.gates.map((g) => [g.name, g.status])).toEqual([
      ['Preflight: constitution', 'skipped'],
      ['Preflight: runners', 'pass'],
    ]);
    // A few reads a look: the jobs, and the runners while the job waits.
    expect(gh.reads.jobs).toBeLessThanOrEqual(6);
  }, 120_000);

  it('a build job on GitHub runners before the deploy job is not judged by the runner rules', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'prod',
        `
approval: never
runners: { primary: [self-hosted, prod], secondary: [self-hosted, prod-dr] }
deploy: { workflow: deploy.yml }
`,
      )}`,
    );
    const gh = new MemoryActions();
    gh.hostedBuild = true;
    gh.addRunner('prod-1', ['self-hosted', 'prod'], 'offline');
    gh.addRunner('dr-1', ['self-hosted', 'prod-dr']);
    const deps: OpsDeps = { ...wired, actions: () => gh, deployPollMs: 10 };
    const r = await startRun(w.as('Ana'), { template: 'deploy', input: ['environment=prod'] }, deps);
    expect(r.run.status).toBe('success');
    // The primary pool being down is decided at once, build or not: the first run is canceled.
    expect(gh.jobs.map((j) => [j.name, j.conclusion, j.runnerName])).toEqual([
      ['build', 'cancelled', 'GitHub Actions 1'],
      ['deploy', 'cancelled', null],
      ['build', 'success', 'GitHub Actions 1'],
      ['deploy', 'success', 'dr-1'],
    ]);
    const decisions = (await deployRecords(w.as('Ana'))).map((d) => d.decision);
    expect(decisions.filter((d) => d === 'failover' || d === 'fail-fast')).toEqual(['failover']);
  }, 120_000);

  it('follows the run GitHub says it made, and finds it among the runs where GitHub does not say', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'prod',
        `
approval: never
runners: { primary: [self-hosted, prod] }
deploy: { workflow: deploy.yml }
`,
      )}`,
    );
    for (const withoutRunDetails of [false, true]) {
      const gh = new MemoryActions();
      gh.withoutRunDetails = withoutRunDetails;
      gh.addRunner('prod-1', ['self-hosted', 'prod']);
      const deps: OpsDeps = { ...wired, actions: () => gh, deployPollMs: 10 };
      const r = await startRun(w.as('Ana'), { template: 'deploy', input: ['environment=prod'] }, deps);
      expect(r.run.status, `withoutRunDetails: ${withoutRunDetails}`).toBe('success');
      expect(gh.runs.map((x) => x.conclusion)).toEqual(['success']);
    }
  }, 120_000);

  it('no secondary pool: a job no runner picks up within pickupMinutes fails fast with the diagnosis', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env(
        'prod',
        `
approval: never
runners: { primary: [self-hosted, prod] }
pickupMinutes: 5
deploy: { workflow: deploy.yml }
rollback: { workflow: rollback.yml }
`,
      )}`,
    );
    const gh = new MemoryActions();
    gh.addRunner('prod-1', ['self-hosted', 'prod']);
    gh.runners[0]!.busy = true;
    // The job was created six minutes ago: past pickupMinutes with its only runner busy all along.
    gh.createdAgoMs = 6 * 60_000;
    const deps: OpsDeps = { ...wired, actions: () => gh, deployPollMs: 10 };
    const app = w.as('Ana');
    const r = await startRun(app, { template: 'deploy', input: ['environment=prod'] }, deps);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toMatch(/has waited 6m( \d+s)? of 5m for a runner with \[self-hosted, prod\]/);
    expect(r.run.errorMessage).toMatch(
      /no runner took it in time and the environment has no pre-approved secondary pool/,
    );
    expect(r.run.errorMessage).toMatch(
      /primary pool \[self-hosted, prod\]: degraded \(0 idle, 1 busy, 0 offline\)/,
    );
    expect(r.run.errorMessage).toMatch(/all busy \(prod-1\): wait for their jobs, or add runners/);
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.runs[0]!.conclusion).toBe('cancelled');
    expect(gh.deployments[0]!.statuses).toEqual(['in_progress', 'failure']);
    const decisions = (await deployRecords(app)).map((d) => d.decision);
    expect(decisions).toContain('fail-fast');
    expect(decisions).toContain('no-rollback');
    expect(decisions).not.toContain('rollback');
    expect((await deployRecords(app)).at(-1)).toMatchObject({ outcome: 'failed' });
  }, 120_000);

  it('a deploy in progress is not canceled nor interrupted half-way; one waiting in the queue is canceled', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env('staging', `approval: never\ndeploy: { command: 'sleep 2' }`)}`,
    );
    const app = w.as('Ana');
    const watch = await watchStore(app, () => {});
    try {
      const deps: OpsDeps = { ...wired, deployPollMs: 50 };
      const a = await startRun(app, { template: 'deploy', input: ['environment=staging'] }, deps, {
        execute: false,
      });
      const b = await startRun(app, { template: 'deploy', input: ['environment=staging'] }, deps, {
        execute: false,
      });
      const { executeRun } = await import('../../../src/app/ops/execute.js');
      const interrupt = new AbortController();
      const ra = executeRun(app, a.run.id, deps, { signal: interrupt.signal });
      const seen = async (id: string, text: string) => {
        for (;;) {
          if ((await showRun(app, id)).events.some((e) => e.message.startsWith(text))) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await seen(a.run.id, 'Running the deploy command');
      const rb = executeRun(app, b.run.id, deps);
      await seen(b.run.id, 'Waiting for 1 earlier deploy');
      const e = await rejectionOf(cancelRun(app, { run: a.run.id }));
      expect(e).toMatchObject({ code: 'ops/deploy-in-progress' });
      await cancelRun(app, { run: b.run.id });
      expect((await rb).status).toBe('canceled');
      // An interrupt (Ctrl-C) lets the deploy end, then records the run canceled.
      interrupt.abort();
      expect((await ra).status).toBe('canceled');
      const records = await deployRecords(app);
      expect(records.filter((d) => d.run === a.run.id).map((d) => d.decision)).toContain('succeeded');
      expect(records.filter((d) => d.run === b.run.id).at(-1)).toMatchObject({ outcome: 'canceled' });
      const lines = (await showRun(app, a.run.id)).events.map((x) => x.message);
      expect(lines).toContain(
        'Interrupted: the deploy of staging in progress is not stopped half-way; the run ends when it does',
      );
    } finally {
      await watch.close();
    }
  }, 120_000);

  it('a deploy whose process stopped answering no longer holds its environment', async () => {
    w = await opsWorkspace(
      backend,
      `environments:\n${env('staging', `approval: never\ndeploy: { command: 'true' }`)}`,
    );
    const app = w.as('Ana');
    const gone = await startRun(app, { template: 'deploy', input: ['environment=staging'] }, wired, {
      execute: false,
    });
    // As its process left it: active, its last sign of life five minutes ago.
    await withStore(app, async ({ x }) => {
      const row = await enqueueDeploy(x, {
        run: gone.run.id,
        step: 'deploy',
        environment: 'staging',
        ref: 'main',
        actor: 'Ana',
      });
      expect(await takeDeployTurn(x.db, row)).toBe(true);
      await x.db
        .updateTable('deploys')
        .set({ heartbeat_at: new Date(Date.now() - 5 * 60_000) })
        .where('id', '=', row.id)
        .execute();
    });
    const r = await startRun(
      app,
      { template: 'deploy', input: ['environment=staging'] },
      { ...wired, deployPollMs: 50 },
    );
    expect(r.run.status).toBe('success');
    expect((await deployRecords(app)).filter((d) => d.run === gone.run.id).at(-1)).toMatchObject({
      decision: 'finished',
      outcome: 'canceled',
    });
  }, 120_000);
});
