import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, withStore } from '../../../src/app/kernel/index.js';
import { type OpsDeps, showRun, startRun } from '../../../src/app/ops/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { cli, ROOT, seedWorkspace, tempDir } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';
import { backendsAvailable } from './workspace.js';

// Verb steps inside a run: the run holds the store (and its forge) while it runs, and the verbs it
// calls write through that same store. A verb that opened its own would wait for the run, which waits
// for the verb: a wait of one second is refused, so a deadlock fails the run at once.

const names = await backendsAvailable('ops verbs');
const deps: OpsDeps = await opsDeps();
const PLAN = readFileSync(join(ROOT, 'examples/ops/plan.yaml'), 'utf8');

const START = `slug: start
title: Start an issue
kind: implement
risk: { level: low, codes: [CODE_CHANGE] }
inputs:
  - name: issue
    required: true
phases:
  - name: Start
    steps:
      - id: implement
        verb: implement
        with: { issue: "\${{ inputs.issue }}" }
      - id: status
        verb: status
        with: { id: PROP-0001, to: approved }
`;

describe.each(names)('verb steps in a run on %s', (backend) => {
  let db: TestDatabase | null = null;
  let repo = '';
  let env: Record<string, string> = {};
  const app = () =>
    openApp(repo, { ...process.env, ...env, PAPERTRAIL_TODAY: '2026-12-06', PAPERTRAIL_ACTOR: 'Ana' });

  beforeEach(async () => {
    db = backend === 'postgres' ? await createTestDatabase() : null;
    env = db ? { DATABASE_URL: db.url } : {};
    if (db) process.env.DATABASE_URL = db.url;
    else delete process.env.DATABASE_URL;
    const ws = seedWorkspace();
    repo = join(tempDir(), 'runner-infra');
    const r = cli(['bootstrap', 'SPEC-0001', '--dir', repo], { cwd: ws, env });
    if (r.code !== 0) throw new Error(`bootstrap failed: ${r.stderr}`);
    process.env.PAPERTRAIL_STORE_WAIT = '1';
  }, 120_000);
  afterEach(async () => {
    delete process.env.PAPERTRAIL_STORE_WAIT;
    delete process.env.DATABASE_URL;
    await db?.drop();
  });

  it('plans, names the next issue and schedules work through the run’s own store', async () => {
    const w = app();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(repo, '.papertrail/runs'), { recursive: true });
    writeFileSync(join(repo, '.papertrail/runs/plan.yaml'), PLAN);
    const r = await startRun(w, { template: 'plan', actor: 'Ana' }, deps);
    expect(r.run.errorMessage ?? null).toBeNull();
    expect(r.run.status).toBe('success');
    const shown = await showRun(w, r.run.id);
    const said = (source: string) => shown.events.find((e) => e.source === source)?.message;
    expect(said('plan')).toMatch(/^plan: SPEC-0001, \d+ change\(s\), 4 issue\(s\) created$/);
    expect(said('next')).toBe('next: #2 [REQ] Auto-Scaling');
    expect(said('work-schedule')).toBe('work schedule: 2 step(s) launched, 2 attempt(s) queued');
    // Written for good: the store, opened afresh, has the issues and the queued work.
    const items = await withStore(w, (s) =>
      s.x.db.selectFrom('work_items').select('issue_number').where('plan_key', '=', s.planKey).execute(),
    );
    expect(items.map((i) => i.issue_number).sort()).toEqual([2, 3, 4]);
  }, 180_000);

  it('implements an issue inside a run; a refused verb fails its step with its code in the log', async () => {
    const w = app();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(repo, '.papertrail/runs'), { recursive: true });
    writeFileSync(join(repo, '.papertrail/runs/plan.yaml'), PLAN);
    writeFileSync(join(repo, '.papertrail/runs/start.yaml'), START);
    expect((await startRun(w, { template: 'plan', actor: 'Ana' }, deps)).run.status).toBe('success');
    const r = await startRun(w, { template: 'start', input: { issue: '3' }, actor: 'Ana' }, deps);
    const shown = await showRun(w, r.run.id);
    expect(shown.events.find((e) => e.source === 'implement')?.message).toMatch(
      /^implement: #3 on implement\/issue-3-security-isolation → pull request #\d+$/,
    );
    // No decisions documents here: status is refused, and the run ends with its code.
    const refused = shown.events.find((e) => e.source === 'status');
    expect(refused?.level).toBe('error');
    expect(refused?.message).toMatch(/^doc\/[a-z-]+: /);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toBe(refused?.message);
  }, 180_000);
});
