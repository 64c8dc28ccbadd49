import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunView, showRun } from '../../../src/app/ops/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';
import { slowRunbook } from '../../helpers/processes.js';
import { spawnServe } from '../../helpers/serve.js';
import { openSse } from './sse.js';

// Ctrl-C is how serve is stopped (its help says so): it closes as on SIGTERM, stopping the runs
// in its process and letting go of the store, and ends with 0, not with the "Interrupted" error a
// command cut short reports.
const names = await backendsAvailable('serve interrupt');

const SLOW = slowRunbook('echo sleeping && sleep 60');

describe.each(names)('Ctrl-C on serve on %s', (backend) => {
  let w: OpsWorkspace | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await w?.cleanup();
    w = undefined;
  });

  it('closes the server: the run under way is canceled, exit 0, no error', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/slow.yaml', SLOW);
    const served = await spawnServe(w.root, w.env);
    child = served.child;
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    const started = (await (
      await fetch(`${served.url}/api/ops/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'slow' }),
      })
    ).json()) as { run: RunView };
    const live = await openSse(`${served.url}/api/ops/stream?run=${started.run.id}`);
    await live.until((f) => f.event === 'log' && /sleeping/.test((f.data as { message: string }).message));
    live.close();

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    child = undefined;
    expect(stderr).not.toMatch(/interrupted/i);
    // Stopped by the server's close, not left running by a process that ended under it.
    const run = await showRun(w.as('test'), started.run.id);
    expect([run.status, run.errorMessage]).toEqual(['canceled', 'canceled while running']);
    expect(run.phases[0]!.steps[0]!.state).toBe('error');
  }, 120_000);
});
