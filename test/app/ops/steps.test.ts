import { afterEach, describe, expect, it } from 'vitest';
import { type OpsDeps, opsTemplates, showRun, startRun } from '../../../src/app/ops/index.js';
import { PtError } from '../../../src/base/errors.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from './workspace.js';

const names = await backendsAvailable('ops steps');
const deps: OpsDeps = await opsDeps();

const TEMPLATE = `slug: echo
title: Echo
kind: healthcheck
keywords: [echo]
risk: { level: low, codes: [READ_ONLY] }
inputs:
  - name: word
    required: true
phases:
  - name: Say
    steps:
      - id: say
        run: 'printf "%s\\n" "$PT_INPUT_WORD" "token=$GITHUB_TOKEN"; echo oops >&2'
      - id: hang
        run: 'sleep 30 & sleep 30'
        timeout: 1
  - name: Never
    steps:
      - id: after
        run: echo never
`;

describe.each(names)('ops steps on %s', (backend) => {
  let w: OpsWorkspace;
  afterEach(async () => w?.cleanup());

  it('a command step reads inputs from its environment, logs redacted lines, and a deadline ends the run', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/echo.yaml', TEMPLATE);
    const app = w.as('Ana');
    expect(opsTemplates(app, deps).find((t) => t.slug === 'echo')?.source).toBe('.papertrail/runs/echo.yaml');
    process.env.GITHUB_TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    let r: Awaited<ReturnType<typeof startRun>>;
    try {
      r = await startRun(app, { template: 'echo', input: ['$(touch pwned) hello'], actor: 'Ana' }, deps);
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toBe('timed out after 1 s');
    expect(r.run.phases.map((p) => p.state)).toEqual(['error', 'pending']);
    const shown = await showRun(app, r.run.id);
    const out = shown.events.filter((e) => e.source === 'stdout' || e.source === 'stderr');
    expect(out.map((e) => [e.source, e.level, e.message, e.phase])).toEqual([
      ['stdout', 'info', '$(touch pwned) hello', 'Say'],
      ['stdout', 'info', 'token=[REDACTED]', 'Say'],
      ['stderr', 'warn', 'oops', 'Say'],
    ]);
    // The deadline killed the whole process group (both sleeps) at once, not after 30 s.
    const at = (m: RegExp) => Date.parse(shown.events.find((e) => m.test(e.message))!.ts);
    expect(at(/^Failed: sleep/) - at(/^Start: sleep/)).toBeLessThan(5_000);
    expect(w.git('status', '--porcelain', '--', '.', ':!.papertrail')).toBe('');
  }, 180_000);

  it('a bad workspace template is refused at its file, line and column before anything runs', async () => {
    w = await opsWorkspace(backend);
    w.write(
      '.papertrail/runs/bad.yaml',
      TEMPLATE.replace('timeout: 1', 'timeout: 1\n        verb: validate'),
    );
    const e = await startRun(w.as('Ana'), { template: 'healthcheck', actor: 'Ana' }, deps).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(PtError);
    expect((e as PtError).code).toBe('ops/template-step-kind');
    expect((e as PtError).location).toMatchObject({ file: '.papertrail/runs/bad.yaml', line: 14 });
  }, 60_000);

  it('security-patch: a safe fix becomes a pull request with scan and test gates, the rest a Security Review', async () => {
    w = await opsWorkspace(backend);
    w.write(
      'package.json',
      '{\n  "name": "shop",\n  "dependencies": { "lodash": "^4.17.11", "express": "^3.0.0" }\n}\n',
    );
    w.git('add', 'package.json');
    w.git('commit', '-q', '-m', 'deps');
    w.write(
      'audit.json',
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: {
          lodash: {
            name: 'lodash',
            severity: 'high',
            isDirect: true,
            via: [{ url: 'https://github.com/advisories/GHSA-1' }],
            fixAvailable: { name: 'lodash', version: '4.17.21', isSemVerMajor: false },
          },
          express: {
            name: 'express',
            severity: 'moderate',
            isDirect: true,
            via: [],
            fixAvailable: { name: 'express', version: '4.19.2', isSemVerMajor: true },
          },
        },
      }),
    );
    const r = await startRun(
      w.as('Ana'),
      { intent: 'patch the security vulnerabilities', actor: 'Ana' },
      deps,
    );
    expect(r.plan.template.slug).toBe('security-patch');
    expect(r.run.status).toBe('success');
    expect(r.run.gates.map((g) => [g.name, g.status])).toEqual([
      ['CI: Security Scan', 'pending'],
      ['CI: Tests', 'pending'],
      ['Security Review', 'pending'],
    ]);
    expect(r.run.gates[2]?.details).toMatchObject({ items: [{ name: 'express', why: 'breaking' }] });
    const branch = `ops/security-${r.run.short}`;
    expect(JSON.parse(w.git('show', `${branch}:package.json`)).dependencies).toEqual({
      lodash: '^4.17.21',
      express: '^3.0.0',
    });
  }, 180_000);
});
