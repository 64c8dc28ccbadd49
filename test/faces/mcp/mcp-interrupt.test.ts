import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listOpsRuns } from '../../../src/app/ops/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from '../../app/ops/workspace.js';
import { BIN } from '../../helpers/cli.js';
import { alive, pidWritten, slowRunbook, until } from '../../helpers/processes.js';

// A client stops its MCP server by closing stdin and, soon after, SIGTERM. A run an ops_start call is
// running then is canceled and recorded so, its command killed and the store let go, before the
// server ends; ended by Node at once, it stayed "running" with its command alive.
const names = await backendsAvailable('mcp interrupt');

const SLOW = slowRunbook('sleep 60 & echo $! > sleeping.pid; wait');

const line = (o: unknown) => `${JSON.stringify(o)}\n`;

describe.each(names)('mcp stopped during ops_start on %s', (backend) => {
  let w: OpsWorkspace | undefined;
  afterEach(async () => {
    await w?.cleanup();
    w = undefined;
  });

  it.each([
    'SIGTERM',
    'SIGINT',
  ] as const)('%s: the run is canceled, the call answered, exit 0', async (signal) => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/slow.yaml', SLOW);
    const p = spawn(process.execPath, [BIN, 'mcp'], {
      cwd: w.root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...w.env, PAPERTRAIL_ACTOR: 'Ana', NO_COLOR: '1', CI: '1' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => p.on('close', (code) => r(code)));
    p.stdin.write(
      line({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
      }),
    );
    p.stdin.write(line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    p.stdin.write(
      line({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'ops_start', arguments: { template: 'slow' } },
      }),
    );
    const pidFile = join(w.root, 'sleeping.pid');
    const sleeping = await pidWritten(pidFile);
    p.kill(signal);
    try {
      expect(await exited, err).toBe(0);
      expect(existsSync(join(w.root, '.papertrail', 'store.lock'))).toBe(false);
      await until(() => !alive(sleeping), 5_000);
    } finally {
      if (alive(sleeping)) process.kill(sleeping, 'SIGKILL');
    }
    const answer = out
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as { id?: number; result?: { structuredContent?: { run?: { status: string } } } },
      )
      .find((m) => m.id === 2);
    expect(answer?.result?.structuredContent?.run?.status).toBe('canceled');
    expect((await listOpsRuns(w.as('test'), {})).map((r) => r.status)).toEqual(['canceled']);
  }, 120_000);
});
