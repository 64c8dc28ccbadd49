// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import { afterEach, describe, expect, it } from 'vitest';
import {
  executeRun,
  listOpsRuns,
  type OpsDeps,
  planRun,
  planRunWithModel,
  showRun,
  startRun,
} from '../../../src/app/ops/index.js';
import { opsDeps } from '../../../src/faces/wiring/index.js';
import { type FakeLlm, startFakeLlm } from '../../fakes/openai.js';
import { rejectionOf } from '../../helpers/refusal.js';
import { backendsAvailable, type OpsWorkspace, opsWorkspace } from './workspace.js';

const names = await backendsAvailable('ops ask steps');
const deps: OpsDeps = await opsDeps();

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

const NOTES = `slug: notes
title: Release notes
description: Drafts the release notes of a version and proposes them.
kind: docs
keywords: [notes]
risk: { level: low }
inputs:
  - name: version
    required: true
  - name: extra
phases:
  - name: Draft
    steps:
      - id: draft
        ask:
          prompt: "Write notes for \${{ inputs.version }}. \${{ inputs.extra }}"
          system: "Be terse about \${{ inputs.version }}."
          maxTokens: 50
          fallback: "Release \${{ inputs.version }}"
      - id: show
        run: 'printf "%s\\n" "$PT_STEP_DRAFT_ANSWER"'
      - pr:
          title: "docs: notes \${{ inputs.version }}"
          body: "\${{ steps.draft.answer }}"
          branch: "ops/notes-\${{ run.short }}"
          files:
            - { path: NOTES.md, content: "\${{ steps.draft.answer }}\\n" }
`;

const NO_FALLBACK = NOTES.replace(/ {10}fallback: .*\n/, '');

describe.each(names)('ops ask steps on %s', (backend) => {
  let w: OpsWorkspace;
  let fake: FakeLlm | null = null;
  afterEach(async () => {
    delete process.env.PAPERTRAIL_LLM_URL;
    delete process.env.PAPERTRAIL_LLM_TIMEOUT_MS;
    await fake?.close();
    fake = null;
    await w?.cleanup();
  });

  async function withModel(content: (json: boolean) => string): Promise<FakeLlm> {
    fake = await startFakeLlm({ kind: 'answer', content: (r) => content(r.json) });
    process.env.PAPERTRAIL_LLM_URL = fake.url;
    return fake;
  }

  it('the answer is a value of the later steps, redacted, logged cut short and kept as an artifact', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/notes.yaml', NOTES);
    const long = `Fixed the login page.\nRotated key ${SECRET} today.\n${'More detail. '.repeat(30)}`;
    const llm = await withModel(() => long);
    const r = await startRun(
      w.as('Ana'),
      { template: 'notes', input: ['1.2', `extra=token=${SECRET}`], actor: 'Ana' },
      deps,
    );
    expect(r.run.status).toBe('success');
    // The secret of an input never reached the model; the request is free text with its limit.
    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0]!;
    expect(req.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(req.messages[0]?.content).toBe('Be terse about 1.2.');
    expect(req.messages[1]?.content).toBe('Write notes for 1.2. token=[REDACTED]');
    expect(req).toMatchObject({ maxTokens: 50, json: false });
    const answer = long.replace(SECRET, '[REDACTED]');
    // Interpolated into the pull request's file and body, and in the command's environment.
    const branch = `ops/notes-${r.run.short}`;
    expect(w.git('show', `${branch}:NOTES.md`)).toBe(answer.trim());
    const shown = await showRun(w.as('Ana'), r.run.id);
    expect(shown.events.filter((e) => e.source === 'stdout').map((e) => e.message)[1]).toBe(
      'Rotated key [REDACTED] today.',
    );
    expect(r.run.artifacts.find((a) => a.title === 'Answer: draft')).toMatchObject({
      kind: 'file',
      value: answer,
    });
    const logged = shown.events.find((e) => e.message.startsWith('Answer ('))!;
    expect(logged.message).toMatch(
      /^Answer \(\d+ characters, by gpt-4o-mini\): Fixed the login page\. Rotated key \[REDACTED\] today\. More detail\./,
    );
    expect(logged.message.endsWith('…')).toBe(true);
    expect(logged.message.length).toBeLessThan(300);
    expect(JSON.stringify([shown.events, shown.artifacts])).not.toContain(SECRET);
  }, 120_000);

  it('without a model, the fallback text is the answer and the run goes on', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/notes.yaml', NOTES);
    const r = await startRun(w.as('Ana'), { template: 'notes', input: ['1.3'], actor: 'Ana' }, deps);
    expect(r.run.status).toBe('success');
    expect(w.git('show', `ops/notes-${r.run.short}:NOTES.md`)).toBe('Release 1.3');
    const shown = await showRun(w.as('Ana'), r.run.id);
    expect(shown.events.find((e) => e.source === 'llm' && e.level === 'warn')?.message).toContain(
      'PAPERTRAIL_LLM_URL',
    );
    expect(shown.events.some((e) => e.message.startsWith('Answer (11 characters, by fallback)'))).toBe(true);
  }, 120_000);

  it('without a model or a fallback, the run is refused before it is created', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/notes.yaml', NO_FALLBACK);
    const app = w.as('Ana');
    const e = await rejectionOf(startRun(app, { template: 'notes', input: ['1.4'], actor: 'Ana' }, deps));
    expect(e.code).toBe('llm/not-configured');
    expect(e.exit).toBe(3);
    expect(e.hint).toContain('fallback');
    expect(e.location).toMatchObject({ file: '.papertrail/runs/notes.yaml' });
    expect(() => planRun(app, { template: 'notes', input: ['1.4'] }, deps)).toThrow(/draft asks/);
    expect(await listOpsRuns(app, {})).toEqual([]);
    // A run created while a model was configured, run where none is: the step fails with the code.
    await withModel(() => 'unused');
    const queued = await startRun(app, { template: 'notes', input: ['1.4'], actor: 'Ana' }, deps, {
      execute: false,
    });
    delete process.env.PAPERTRAIL_LLM_URL;
    const ran = await executeRun(app, queued.run.id, deps);
    expect(ran.status).toBe('error');
    expect(ran.errorMessage).toMatch(/^llm\/not-configured: Step draft asks a language model/);
  }, 60_000);

  it('a model that does not answer in time fails the step with llm/timeout, recorded on the run', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/notes.yaml', NO_FALLBACK);
    fake = await startFakeLlm({ kind: 'hang' });
    process.env.PAPERTRAIL_LLM_URL = fake.url;
    process.env.PAPERTRAIL_LLM_TIMEOUT_MS = '500';
    const started = Date.now();
    const r = await startRun(w.as('Ana'), { template: 'notes', input: ['1.5'], actor: 'Ana' }, deps);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.run.status).toBe('error');
    expect(r.run.errorMessage).toMatch(/^llm\/timeout: .* did not answer within 500 ms$/);
    expect(r.run.phases.map((p) => p.state)).toEqual(['error']);
    expect(r.run.artifacts).toEqual([]);
    const shown = await showRun(w.as('Ana'), r.run.id);
    const failed = shown.events.find((e) => e.message.startsWith('Failed: Ask'));
    expect(failed?.message).toContain('llm/timeout');
  }, 60_000);

  it('an intent no keyword matches is put to the model, which chooses among the templates', async () => {
    w = await opsWorkspace(backend);
    w.write('.papertrail/runs/notes.yaml', NOTES);
    const app = w.as('Ana');
    const intent = 'write up what changed in version 2';
    // Without a model: the keyword default, and nothing asked.
    expect(await planRunWithModel(app, { intent }, deps)).toMatchObject({
      template: { slug: 'healthcheck' },
      pickedBy: { by: 'intent', words: [] },
    });
    const llm = await withModel((json) => (json ? '{"slug": "notes"}' : 'Version 2 notes.'));
    const plan = await planRunWithModel(app, { intent, input: ['2'] }, deps);
    expect(plan).toMatchObject({
      template: { slug: 'notes' },
      pickedBy: { by: 'model', intent, model: 'gpt-4o-mini' },
    });
    const asked = llm.requests[0]!;
    expect(asked.json).toBe(true);
    expect(asked.messages[1]?.content).toContain(intent);
    expect(asked.messages[1]?.content).toContain(
      '- notes: Release notes. Drafts the release notes of a version and proposes them.',
    );
    // A keyword match never asks.
    await planRunWithModel(app, { intent: 'generate a spec for search', input: ['search'] }, deps);
    expect(llm.requests).toHaveLength(1);
    // The run keeps the model's pick.
    const r = await startRun(app, { intent, input: ['2'], actor: 'Ana' }, deps);
    expect(r.run.status).toBe('success');
    expect(r.plan.pickedBy).toMatchObject({ by: 'model' });
    const shown = await showRun(app, r.run.id);
    expect(shown.events[0]?.message).toContain('by the model gpt-4o-mini');
    // A slug that is no template leaves the default, and says why.
    llm.mode = { kind: 'answer', content: () => '{"slug": "deploy-everything"}' };
    expect(await planRunWithModel(app, { intent }, deps)).toMatchObject({
      template: { slug: 'healthcheck' },
      pickedBy: { by: 'intent', words: [], modelSaid: expect.stringContaining('not a template') },
    });
  }, 120_000);
});
