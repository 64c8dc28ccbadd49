import { afterEach, describe, expect, it } from 'vitest';
import { type OpsDeps, startRun } from '../../../src/app/ops/index.js';
import { type Running, startServer } from '../../../src/faces/http/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';
import { cliAsync } from '../../helpers/cli.js';
import { MemoryActions } from '../../helpers/memory-actions.js';

// The deploy metrics at /metrics are counted from the store: deploys run by the CLI in another process
// are there, with their outcome, duration and the time it took to find a runner problem.
const names = await backendsAvailable('serve deploy metrics');
const quiet = { write: () => true } as unknown as never;

const CONFIG = `environments:
  staging:
    approval: never
    deploy: { command: 'test "$PT_DEPLOY_REF" != bad' }
    rollback: { command: 'true' }
  prod:
    approval: never
    runners: { primary: [self-hosted, prod] }
    deploy: { workflow: deploy.yml }
`;

const line = (text: string, metric: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(metric))
    ?.split(' ')
    .at(-1);

describe.each(names)('deploy metrics on %s', (backend) => {
  let w: OpsWorkspace;
  let s: Running | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
    await w?.cleanup();
  });

  it('counts deploys by outcome and times them, whichever process ran them', async () => {
    w = await opsWorkspace(backend, CONFIG);
    s = await startServer({ root: w.root, port: 0, log: quiet });
    const opts = { cwd: w.root, env: { ...w.env, PAPERTRAIL_ACTOR: 'Ana' } };
    const deploy = (ref: string) =>
      cliAsync(['ops', 'start', 'deploy', '--input', 'environment=staging', '--input', `ref=${ref}`], opts);
    expect((await deploy('v1')).code).toBe(0);
    expect((await deploy('v2')).code).toBe(0);
    expect((await deploy('bad')).code).toBe(1);
    // A workflow deploy in this process whose only runner is offline: failed fast, with no secondary.
    const gh = new MemoryActions();
    gh.addRunner('prod-1', ['self-hosted', 'prod'], 'offline');
    gh.addRunner('prod-2', ['self-hosted', 'prod']);
    const deps: OpsDeps = { ...(await opsDeps()), actions: () => gh, deployPollMs: 10 };
    gh.runners[1]!.status = 'offline';
    // Preflight sees no runner online and refuses before dispatching: no job, nothing detected.
    const pre = await startRun(w.as('Ana'), { template: 'deploy', input: ['environment=prod'] }, deps);
    expect(pre.run.errorMessage).toMatch(/^preflight: no runner of the primary pool is online/);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(line(text, 'papertrail_deploys_total{environment="staging",outcome="success"}')).toBe('2');
    expect(line(text, 'papertrail_deploys_total{environment="staging",outcome="rolled_back"}')).toBe('1');
    expect(line(text, 'papertrail_deploys_total{environment="prod",outcome="failed"}')).toBe('1');
    expect(
      line(text, 'papertrail_deploy_duration_seconds_count{environment="staging",outcome="success"}'),
    ).toBe('2');
    expect(
      line(
        text,
        'papertrail_deploy_duration_seconds_bucket{le="30",environment="staging",outcome="success"}',
      ),
    ).toBe('2');
    expect(text).not.toContain('papertrail_runner_problem_detect_seconds_count{environment="prod"}');

    // Online at preflight, gone before the job is picked up: failed fast, the detection timed.
    gh.runners[1]!.status = 'online';
    gh.runners[1]!.busy = true;
    gh.createdAgoMs = 310_000;
    const late = await startRun(w.as('Ana'), { template: 'deploy', input: ['environment=prod'] }, deps);
    expect(late.run.errorMessage).toMatch(/no runner took it in time/);
    const after = await (await fetch(`${s.url}/metrics`)).text();
    expect(line(after, 'papertrail_runner_problem_detect_seconds_count{environment="prod"}')).toBe('1');
    expect(line(after, 'papertrail_runner_problem_detect_seconds_bucket{le="300",environment="prod"}')).toBe(
      '0',
    );
    expect(line(after, 'papertrail_runner_problem_detect_seconds_bucket{le="450",environment="prod"}')).toBe(
      '1',
    );
    expect(line(after, 'papertrail_deploys_total{environment="prod",outcome="failed"}')).toBe('2');
  }, 240_000);
});
