import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listOpsRuns, showRun } from '../../../src/app/ops/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';
import { BIN } from '../../helpers/cli.js';
import { alive, pidWritten, slowRunbook, until } from '../../helpers/processes.js';

// `ops start` runs the run in its own process: stopped by Ctrl-C or SIGTERM, it records the run
// canceled and kills its command before it ends, on either store. On Postgres nothing holds the
// store, so without waiting for the run the process ended at once and left it "running" for good.
const names = await backendsAvailable('ops interrupt');

const SLOW = slowRunbook('sleep 60 & echo $! > sleeping.pid; echo sleeping; wait');

describe.each(names)('ops start stopped on %s', (backend) => {
  let w: OpsWorkspace | undefined;
  afterEach(async () => {
    await w?.cleanup();
    w = undefined;
  });

  it.each([
    'SIGINT',
    'SIGTERM',
  ] as const)('%s: the run is recorded canceled, its command killed, exit 128 + the signal', async (signal) => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/slow.yaml', SLOW);
    const p = spawn(process.execPath, [BIN, 'ops', 'start', 'slow', '--json'], {
      cwd: w.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...w.env, PAPERTRAIL_ACTOR: 'Ana', NO_COLOR: '1', CI: '1' },
    });
    let err = '';
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.stdout.resume();
    const exited = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    const pidFile = join(w.root, 'sleeping.pid');
    const sleeping = await pidWritten(pidFile);
    p.kill(signal);
    try {
      expect(await exited, err).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(existsSync(join(w.root, '.papertrail', 'store.lock'))).toBe(false);
      await until(() => !alive(sleeping), 5_000);
    } finally {
      if (alive(sleeping)) process.kill(sleeping, 'SIGKILL');
    }
    const [run] = await listOpsRuns(w.as('test'), {});
    expect((await showRun(w.as('test'), run!.id)).status).toBe('canceled');
  }, 120_000);
});
