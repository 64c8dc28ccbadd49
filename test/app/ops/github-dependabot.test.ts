import { describe, expect, it } from 'vitest';
import { openGitHubForge } from '../../../src/app/kernel/index.js';
import { type OpsDeps, startRun } from '../../../src/app/ops/index.js';
import { PtError } from '../../../src/base/errors.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { dependabotAlert } from '../../fakes/github/dependabot.js';
import { eachGitHubWorkspace } from './github.js';
import { backendsAvailable, type OpsWorkspace } from './workspace.js';

// The security split fed by GitHub's Dependabot alerts (the fake serves the OpenAPI's example alert,
// seeded per package): safe fixes become a pull request, the rest a Security Review gate.

const names = await backendsAvailable('ops dependabot');
const deps: OpsDeps = await opsDeps();

const TEMPLATE = `slug: dependabot
title: Dependabot triage
kind: security-patch
keywords: [dependabot]
risk: { level: medium, codes: [DEPENDENCY_UPDATE] }
checks: [Tests]
phases:
  - name: Triage
    steps:
      - id: triage
        security: { source: dependabot }
`;

const PKG = '{\n  "name": "shop",\n  "dependencies": { "lodash": "^4.17.11", "express": "^3.0.0" }\n}\n';

function prepare(w: OpsWorkspace): void {
  w.write('.papertrail/runs/dependabot.yaml', TEMPLATE);
  w.write('package.json', PKG);
  w.git('add', '.');
  w.git('commit', '-q', '-m', 'deps');
}

describe.each(names)('Dependabot alerts as the security split, store %s', (backend) => {
  const open = eachGitHubWorkspace();

  it('splits mixed alerts read over every page: a fix in the pull request, the rest to review', async () => {
    const { w, gh } = await open(backend);
    prepare(w);
    const repo = gh.fake.state.repo('acme', 'shop')!;
    const seed = (s: Parameters<typeof dependabotAlert>[1]) =>
      repo.dependabotAlerts.push(dependabotAlert('acme/shop', s));
    seed({ number: 1, name: 'lodash', patched: '4.17.21', severity: 'critical' });
    seed({ number: 2, name: 'express', patched: '4.19.2', severity: 'medium' });
    // Enough transitive alerts for a second page (GitHub pages alerts by cursor, 100 at most).
    for (let i = 3; i <= 103; i++)
      seed({ number: i, name: `dep-${i}`, patched: '1.0.1', relationship: 'transitive' });
    const closed = dependabotAlert('acme/shop', { number: 104, name: 'lodash', patched: '5.0.0' });
    repo.dependabotAlerts.push({ ...closed, state: 'fixed', fixed_at: '2026-12-01T00:00:00Z' });

    const r = await startRun(w.as('Ana'), { template: 'dependabot', actor: 'Ana' }, deps);
    expect(r.run.status).toBe('success');
    const reads = gh.fake.calls.filter((c) => c.path === '/repos/acme/shop/dependabot/alerts');
    expect(reads.map((c) => [c.status, new URLSearchParams(c.query).get('state')])).toEqual([
      [200, 'open'],
      [200, 'open'],
    ]);
    expect(r.run.gates.map((g) => [g.name, g.status])).toEqual([
      ['CI: Tests', 'pending'],
      ['Security Review', 'pending'],
    ]);
    const items = (r.run.gates[1]!.details as { items: { name: string; why: string }[] }).items;
    expect(items).toHaveLength(102);
    expect(items.find((i) => i.name === 'express')).toMatchObject({ why: 'breaking', severity: 'medium' });
    expect(items.filter((i) => i.why === 'indirect')).toHaveLength(101);
    const files = await gh.files(`ops/security-${r.run.short}`);
    expect(JSON.parse(files['package.json']!).dependencies).toEqual({
      lodash: '^4.17.21',
      express: '^3.0.0',
    });
    expect(r.run.artifacts[0]).toMatchObject({
      title: 'Pull Request',
      value: expect.stringMatching(/\/pull\/1$/),
    });
  }, 180_000);

  it('alerts turned off: refused with a code and a hint, and nothing is made', async () => {
    const { w, gh } = await open(backend);
    prepare(w);
    gh.fake.state.repo('acme', 'shop')!.dependabotEnabled = false;
    const writes = () => gh.fake.calls.filter((c) => c.method !== 'GET').length;
    const before = writes();
    const e = await openGitHubForge('acme/shop')
      .then((f) => f.listSecurityAlerts())
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PtError);
    expect((e as PtError).code).toBe('forge/dependabot-unavailable');
    expect((e as PtError).message).toContain('Dependabot alerts are disabled for this repository.');
    expect((e as PtError).hint).toMatch(/Turn on Dependabot alerts/);

    const r = await startRun(w.as('Ana'), { template: 'dependabot', actor: 'Ana' }, deps);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toContain('Dependabot alerts');
    expect(r.run.gates).toEqual([]);
    expect(r.run.artifacts).toEqual([]);
    expect(writes()).toBe(before);
    expect([...gh.fake.state.repo('acme', 'shop')!.refs.keys()]).toEqual(['refs/heads/main']);
  }, 180_000);
});
