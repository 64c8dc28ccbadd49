import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../../src/app/kernel/index.js';
import { runnerWatch } from '../../../src/app/runners/index.js';
import { serverMetrics } from '../../../src/faces/http/metrics.js';
import type { ActionsPort, ActionsRunner } from '../../../src/ports/forge/index.js';

const YAML = `version: 1
forge: github
repo: acme/svc
environments:
  prod:
    runners:
      primary: [self-hosted, prod]
      secondary: [self-hosted, prod-dr]
    deploy:
      workflow: deploy.yml
  staging:
    deploy:
      command: ./deploy.sh staging
`;

function workspace(yaml = YAML) {
  const root = mkdtempSync(join(tmpdir(), 'pt-runners-'));
  writeFileSync(join(root, 'papertrail.yaml'), yaml);
  return openApp(root, {});
}

/** An ActionsPort whose runner listing is counted and can be made to fail; nothing else is used. */
function countingPort(runners: ActionsRunner[]) {
  const port = {
    listings: 0,
    failing: false,
    runners,
    async listRunners() {
      port.listings++;
      if (port.failing) throw new Error('GitHub is down');
      return port.runners.map((r) => ({ ...r }));
    },
  };
  return port;
}

const runner = (
  name: string,
  labels: string[],
  status: 'online' | 'offline',
  busy = false,
): ActionsRunner => ({
  id: name.length,
  name,
  labels,
  status,
  busy,
  scope: 'repository',
});

describe('runnerWatch', () => {
  it('lists runners at most once per minute however often it is read, and serves the last good listing', async () => {
    let t = 0;
    const port = countingPort([
      runner('p1', ['self-hosted', 'prod'], 'online', true),
      runner('p2', ['self-hosted', 'prod'], 'offline'),
      runner('dr', ['self-hosted', 'prod-dr'], 'online'),
    ]);
    const watch = runnerWatch(workspace(), {
      now: () => t,
      actions: async () => port as unknown as ActionsPort,
    });
    const first = await Promise.all([watch.read(), watch.read(), watch.read()]);
    expect(port.listings).toBe(1);
    expect(first[0]).toEqual([
      { environment: 'prod', pool: 'primary', runner: 'p1', up: 1 },
      { environment: 'prod', pool: 'primary', runner: 'p2', up: 0 },
      { environment: 'prod', pool: 'secondary', runner: 'dr', up: 1 },
    ]);
    for (t = 1000; t < 60_000; t += 5000) await watch.read();
    expect(port.listings).toBe(1);
    port.runners[1]!.status = 'online';
    t = 60_000;
    // The refresh runs behind the scrape that started it, which still serves the old listing.
    expect((await watch.read()).find((s) => s.runner === 'p2')?.up).toBe(0);
    await new Promise((r) => setImmediate(r));
    const after = await watch.read();
    expect(port.listings).toBe(2);
    expect(after.find((s) => s.runner === 'p2')?.up).toBe(1);
    port.failing = true;
    t = 120_000;
    await watch.read();
    await new Promise((r) => setImmediate(r));
    expect(await watch.read()).toEqual(after);
    t = 150_000;
    await watch.read();
    expect(port.listings).toBe(3);
  });

  it('asks nothing on the local forge or without runner pools', async () => {
    const port = countingPort([]);
    const actions = async () => port as unknown as ActionsPort;
    expect(
      await runnerWatch(workspace(YAML.replace('forge: github', 'forge: local')), { actions }).read(),
    ).toEqual([]);
    const noPools =
      'version: 1\nforge: github\nrepo: acme/svc\nenvironments:\n  staging:\n    deploy:\n      command: ./d.sh\n';
    expect(await runnerWatch(workspace(noPools), { actions }).read()).toEqual([]);
    expect(port.listings).toBe(0);
  });

  it('feeds papertrail_runner_up on /metrics', async () => {
    const port = countingPort([runner('p1', ['self-hosted', 'prod'], 'offline')]);
    const watch = runnerWatch(workspace(), { actions: async () => port as unknown as ActionsPort });
    const m = serverMetrics(undefined, () => watch.read());
    const text = await m.registry.metrics();
    expect(text).toContain('# TYPE papertrail_runner_up gauge');
    expect(text).toContain('papertrail_runner_up{environment="prod",pool="primary",runner="p1"} 0');
    port.runners[0]!.status = 'online';
    // Within the minute a scrape does not ask again, so it still says 0.
    expect(await m.registry.metrics()).toContain('runner="p1"} 0');
    expect(port.listings).toBe(1);
  });
});
