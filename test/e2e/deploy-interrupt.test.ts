import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { gitWorkspace } from '../helpers/git-workspace.js';
import { alive, pidWritten, until } from '../helpers/processes.js';
import { spawnServe } from '../helpers/serve.js';

// A deploy's command is not stopped by the first Ctrl-C (a deploy is not cut off half-way; its
// timeout bounds it), but a second Ctrl-C ends papertrail at once: the command must not live on with
// nobody to record how it ends.

delete process.env.DATABASE_URL;

const deployWorkspace = () =>
  gitWorkspace(
    'shop',
    `version: 1
repo: acme/shop
environments:
  staging:
    approval: never
    deploy: { command: 'sleep 60 & echo $! > deploying.pid; wait' }
`,
    '.papertrail/\ndeploying.pid\n',
  );

describe('a deploy interrupted twice', () => {
  it('the first Ctrl-C lets the deploy run on, the second ends it with papertrail', async () => {
    const cwd = deployWorkspace();
    const p = spawn(process.execPath, [BIN, 'ops', 'start', 'deploy', '--input', 'environment=staging'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PAPERTRAIL_ACTOR: 'Ana', NO_COLOR: '1', CI: '1' },
    });
    let err = '';
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.stdout.resume();
    const exited = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    const pidFile = join(cwd, 'deploying.pid');
    const deploying = await pidWritten(pidFile);
    p.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(deploying), err).toBe(true);
    // What it waits for, and what a second Ctrl-C would do, is said.
    expect(err).toContain('Interrupted; stopping once the deploy of staging under way is done');
    expect(err).toContain(
      'Ctrl-C again stops at once (its command is killed half-way, and nothing rolls it back)',
    );
    p.kill('SIGINT');
    expect(await exited, err).toBe(130);
    await until(() => !alive(deploying), 5_000);
  }, 120_000);

  it('in serve: the first Ctrl-C waits for the deploy, the second kills it and lets go of the store', async () => {
    const cwd = deployWorkspace();
    const { url, child } = await spawnServe(cwd, { PAPERTRAIL_ACTOR: 'Ana' });
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    try {
      const started = await fetch(`${url}/api/ops/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'deploy', input: { environment: 'staging' } }),
      });
      expect(started.status, await started.text()).toBe(200);
      const pidFile = join(cwd, 'deploying.pid');
      const deploying = await pidWritten(pidFile);
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      expect(alive(deploying), err).toBe(true);
      child.kill('SIGINT');
      expect(await exited, err).toBe(130);
      await until(() => !alive(deploying), 5_000);
      expect(existsSync(join(cwd, '.papertrail', 'store.lock'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
