import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES } from '../../../src/app/workflow/assistant/index.js';
import { cli, plannedRepo, tempDir } from '../../helpers/cli.js';
import { type McpSession, mcpSession } from '../../helpers/mcp.js';

const requirement = (name: string) => ({
  name,
  statement: `The system SHALL do ${name}.`,
  scenarios: [{ name: 'S', given: 'g', when: 'w', then: 't' }],
});

// The SDK client checks each structuredContent against the tool's outputSchema (after tools/list, as
// the helper does): a field the schema does not list, or of another type, fails the call. Every tool
// is called here once with success.
describe('every tool returns what its outputSchema says', () => {
  let ws: string;
  let repo: string;
  let a: McpSession;
  let b: McpSession;
  const called = new Set<string>();
  const ok = async (s: McpSession, name: string, args: Record<string, unknown> = {}) => {
    called.add(name);
    return s.ok(name, args);
  };
  beforeAll(async () => {
    ({ ws, repo } = plannedRepo());
    a = await mcpSession(ws);
    b = await mcpSession(repo);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('in the decisions workspace', async () => {
    const fresh = await mcpSession(tempDir());
    try {
      called.add('init');
      expect((await fresh.ok('init', { dry_run: true })).dryRun).toBe(true);
    } finally {
      await fresh.close();
    }
    const [ext, body] = await a.okDoc('extend', {
      extends: 'SPEC-0001',
      title: 'More runners',
      added: [requirement('Burst')],
      dry_run: true,
    });
    called.add('extend');
    expect(ext.dryRun).toBe(true);
    expect(body).toContain('Burst');
    await ok(a, 'propose', {
      title: 'Queues',
      problem: 'p',
      goals: ['g'],
      recommendation: 'r',
      dry_run: true,
    });
    await ok(a, 'spec', {
      proposal: 'PROP-0001',
      title: 'Queues',
      requirements: [requirement('Q')],
      dry_run: true,
    });
    await ok(a, 'status', { id: 'SPEC-0001', status: 'review', dry_run: true });
    await ok(a, 'bootstrap', { spec: 'SPEC-0001', dir: join(ws, '..', 'other-impl'), dry_run: true });
    await ok(a, 'standard', { title: 'Logging', overview: 'How services log.', dry_run: true });
    await ok(a, 'requirement_add', { doc: 'SPEC-0001', ...requirement('Audit'), dry_run: true });
    await ok(a, 'list');
    const [shown, source] = await a.okDoc('show', { id: 'SPEC-0001' });
    called.add('show');
    expect(shown.document.id).toBe('SPEC-0001');
    expect(source).toMatch(/^---\n/);
    for (const format of ['mermaid', 'dot', 'json']) await ok(a, 'graph', { format });
    await ok(a, 'trace', { id: 'SPEC-0001' });
    await ok(a, 'renumber', { dry_run: true });
    await ok(a, 'sync', { spec: 'SPEC-0001', dir: repo, dry_run: true });
    await ok(a, 'governance_init');
    expect((await ok(a, 'check')).rows.length).toBeGreaterThan(0);
    await ok(a, 'validate');
  });

  it('in the implementing repository', { timeout: 120_000 }, async () => {
    expect((await ok(b, 'plan', { dry_run: true })).dryRun).toBe(true);
    expect((await ok(b, 'next')).next).toMatchObject({ number: 2 });
    await ok(b, 'implement', { dry_run: true });
    expect((await ok(b, 'runbook_new', { story: 'ISSUE-2' })).file).toContain('runbook');
    await ok(b, 'runbook_review', { id: 'SPEC-0001/REQ-001' });
    await ok(b, 'runbook_accept', { id: 'SPEC-0001/REQ-001', override: 'test' });
    expect((await ok(b, 'work_schedule', { dry_run: true })).queued).toBe(0);
    expect((await ok(b, 'work_schedule')).queued).toBe(2);
    const first = (await ok(b, 'work_claim', { executor: 'agent-1' })).claimed as {
      attempt: number;
      token: number;
    };
    expect(
      (await ok(b, 'work_complete', { attempt: first.attempt, token: first.token, summary: 'done' })).queued,
    ).toHaveLength(1);
    const second = (await ok(b, 'work_claim', { executor: 'agent-2' })).claimed as {
      attempt: number;
      token: number;
    };
    const beat = await ok(b, 'work_heartbeat', {
      attempt: second.attempt,
      token: second.token,
      lease_seconds: 60,
    });
    expect(Date.parse(beat.leaseExpiresAt as string)).toBeGreaterThan(Date.now() + 30_000);
    expect(
      (await ok(b, 'work_fail', { attempt: second.attempt, token: second.token, reason: 'no access' })).retry,
    ).not.toBeNull();
    expect((await ok(b, 'work_list')).items).toHaveLength(3);
  });

  it('control room runs: a dry run, a run, the list and the run shown', async () => {
    const dry = await ok(b, 'ops_start', { template: 'healthcheck', dry_run: true });
    expect(dry).toMatchObject({ dryRun: true, plan: { template: { slug: 'healthcheck' } } });
    expect(dry.run).toBeUndefined();
    const started = await ok(b, 'ops_start', { intent: 'check the health of the service', env: 'dev' });
    const run = started.run as { id: string; short: string; status: string; template: string };
    expect(run).toMatchObject({ template: 'healthcheck', status: 'success' });
    expect((await ok(b, 'ops_list', { env: 'dev' })).runs).toEqual([
      expect.objectContaining({ id: run.id, status: 'success' }),
    ]);
    const shown = await ok(b, 'ops_show', { run: run.short });
    expect(shown.run).toMatchObject({ id: run.id, phases: [expect.objectContaining({ state: 'success' })] });
    expect((shown.events as { message: string }[]).at(-1)?.message).toBe('Run finished');
    const bad = await b.call('ops_start', { template: 'nope' });
    expect(bad.structuredContent).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/^ops\//) },
    });
  });

  it('next, with nothing left to do, says why and what to do', async () => {
    for (const n of ['2', '3', '4']) expect(cli(['issue', 'close', n], { cwd: repo }).code).toBe(0);
    const r = await b.ok('next');
    expect(r).toMatchObject({ next: null, blocked: [] });
    expect(r.hint).toBe(
      'Every requirement issue is closed. papertrail sync here closes the tracking issue #1 (and records it in the spec when papertrail.yaml names the decisions workspace). In the decisions workspace, papertrail sync SPEC-0001 --dir PATH records it in the spec.',
    );
  });

  it('covered every tool', () => {
    expect([...called].sort()).toEqual([...TOOL_NAMES].sort());
  });
});
