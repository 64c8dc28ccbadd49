// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from '../fakes/openai.js';
import { cliAsync, tempDir } from '../helpers/cli.js';

// The language model in the control room, through the built CLI: an intent no keyword matches is
// picked by the model and the pick is printed before the run; an ask step without a model or a
// fallback is refused with its code and hint.

delete process.env.DATABASE_URL;

const TEMPLATE = `slug: notes
title: Release notes
description: Drafts the release notes of a version.
kind: docs
risk: { level: low }
inputs:
  - name: version
    required: true
phases:
  - name: Draft
    steps:
      - id: draft
        ask:
          prompt: "Release notes for \${{ inputs.version }}"
      - id: show
        run: 'printf "%s\\n" "$PT_STEP_DRAFT_ANSWER"'
`;

function workspace(): string {
  const root = join(tempDir(), 'shop');
  mkdirSync(join(root, '.papertrail/runs'), { recursive: true });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ana');
  git('config', 'user.email', 'ana@example.com');
  writeFileSync(join(root, 'papertrail.yaml'), 'version: 1\nrepo: acme/shop\n');
  writeFileSync(join(root, '.gitignore'), '.papertrail/store\n');
  writeFileSync(join(root, '.papertrail/runs/notes.yaml'), TEMPLATE);
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  return root;
}

let fake: FakeLlm | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('papertrail ops with a language model', () => {
  it('prints the model pick before the run, and refuses an ask step without a model', async () => {
    const cwd = workspace();
    const base = { PAPERTRAIL_ACTOR: 'Ana', PAPERTRAIL_LLM_URL: '' };
    const refused = await cliAsync(['ops', 'start', 'notes', '--input', '1.0', '--json'], { cwd, env: base });
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      error: { code: 'llm/not-configured', hint: expect.stringContaining('fallback') },
    });

    fake = await startFakeLlm({
      kind: 'answer',
      content: (r) => (r.json ? '{"slug": "notes"}' : 'Everything is faster.'),
    });
    const env = { ...base, PAPERTRAIL_LLM_URL: fake.url, PAPERTRAIL_LLM_MODEL: 'tiny' };
    const r = await cliAsync(['ops', 'start', '--intent', 'write up version 2', '--input', '2'], {
      cwd,
      env,
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const picked = lines.findIndex((l) =>
      l.includes('Template notes: Release notes (picked for "write up version 2" by the model tiny)'),
    );
    expect(picked).toBe(0);
    expect(lines.some((l) => l.endsWith('stdout: Everything is faster.'))).toBe(true);
    expect(r.stdout).toMatch(/Run \w+ notes in dev: success/);
  }, 120_000);
});
