import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../src/app/kernel/index.js';
import { type OpsDeps, showRun, startRun } from '../../../src/app/ops/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { ROOT, seedWorkspace } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';
import { backendsAvailable } from './workspace.js';

// The document verbs from a run in a decisions workspace: a proposal from fields, a spec from a
// request file in the workspace, a status change; and a refusal, which ends the run with its code.

const names = await backendsAvailable('ops document verbs');
const deps: OpsDeps = await opsDeps();

const DOCS = `slug: docs
title: Documents
kind: spec
risk: { level: low, codes: [DOCS_ONLY] }
inputs:
  - name: title
    required: true
phases:
  - name: Write
    steps:
      - verb: propose
        with:
          title: "\${{ inputs.title }}"
          problem: Runs cannot write documents.
          goals: |
            Runs write proposals
            Runs write specs
          recommendation: Wire the verbs.
      - verb: status
        with: { id: PROP-0002, to: review }
      - verb: spec
        with: { from: requests/spec.json }
  - name: Govern
    steps:
      - verb: check
`;

describe.each(names)('document verbs in a run on %s', (backend) => {
  let db: TestDatabase | null = null;
  afterEach(async () => {
    delete process.env.DATABASE_URL;
    await db?.drop();
  });

  it('proposes, moves a status and writes a spec; a missing constitution fails the run with its code', async () => {
    db = backend === 'postgres' ? await createTestDatabase() : null;
    const env: Record<string, string> = db ? { DATABASE_URL: db.url } : {};
    if (db) process.env.DATABASE_URL = db.url;
    else delete process.env.DATABASE_URL;
    const ws = seedWorkspace({ spec: false });
    const config = join(ws, 'papertrail.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('repo: null', 'repo: acme/decisions'));
    mkdirSync(join(ws, '.papertrail/runs'), { recursive: true });
    writeFileSync(join(ws, '.papertrail/runs/docs.yaml'), DOCS);
    mkdirSync(join(ws, 'requests'));
    copyFileSync(join(ROOT, 'examples/seed-000/spec-0001.json'), join(ws, 'requests/spec.json'));
    const app = openApp(ws, {
      ...process.env,
      ...env,
      PAPERTRAIL_TODAY: '2026-12-06',
      PAPERTRAIL_ACTOR: 'Ana',
    });

    const r = await startRun(
      app,
      { template: 'docs', input: { title: 'Verbs in runs' }, actor: 'Ana' },
      deps,
    );
    const lines = (await showRun(app, r.run.id)).events
      .filter((e) => ['propose', 'status', 'spec', 'check'].includes(e.source))
      .map((e) => [e.source, e.level, e.message]);
    expect(lines).toEqual([
      ['propose', 'info', expect.stringMatching(/^propose: wrote PROP-0002 \(.*verbs-in-runs\.md\)$/)],
      ['status', 'info', 'status: PROP-0002 draft → review'],
      ['spec', 'info', expect.stringMatching(/^spec: wrote SPEC-0001 \(.*\) for PROP-0001$/)],
      ['check', 'error', expect.stringMatching(/^constitution\/not-found: /)],
    ]);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toMatch(/^constitution\/not-found: /);
  }, 180_000);

  it('refuses a request file outside the workspace, and from beside fields', async () => {
    db = backend === 'postgres' ? await createTestDatabase() : null;
    if (db) process.env.DATABASE_URL = db.url;
    else delete process.env.DATABASE_URL;
    const ws = seedWorkspace({ spec: false });
    const app = openApp(ws, { ...process.env, ...(db ? { DATABASE_URL: db.url } : {}) });
    const call = (args: Record<string, string>) =>
      deps.verbs.propose!.call(app, args).catch((e: unknown) => e);
    expect(await call({ from: '../../etc/passwd' })).toMatchObject({ code: 'path/outside-workspace' });
    expect(await call({ from: 'p.yaml', title: 'T' })).toMatchObject({
      code: 'ops/bad-verb-arg',
      message: 'from and title both give the proposal request',
    });
  }, 120_000);
});
